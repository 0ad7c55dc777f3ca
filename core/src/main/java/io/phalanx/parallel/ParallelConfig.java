package io.phalanx.parallel;

import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.service.ServiceBundle;
import io.phalanx.parallel.task.TaskAllowlist;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.phalanx.parallel.Checks.*;

/**
 * The configuration of a worker pool: how many workers, how tasks are queued and dispatched, and how each worker JVM
 * is started. Pass it to {@link SupervisorVerticle#SupervisorVerticle(ParallelConfig)}, or its {@link #toJson() JSON
 * form} as the deployment's config.
 * <p>
 * Setters and the JSON constructor refuse a value out of range or of the wrong type with
 * {@link IllegalArgumentException} naming the key and the value ({@link NullPointerException} for a {@code null} where
 * none is allowed); {@link #validate()} checks the rules that tie settings together. Defaults are on the
 * {@code DEFAULT_} constants; docs/configuration.md and docs/supervision.md tell more.
 */
@DataObject
@JsonGen(publicConverter = false)
public class ParallelConfig {

  /** The default pool address on the event bus: {@value}. */
  public static final String DEFAULT_ADDRESS = "phalanx.parallel";
  /** The default number of worker JVMs: {@value}. */
  public static final int DEFAULT_AGENTS = 4;
  /** The default number of tasks that may wait in one worker's mailbox: {@value}. */
  public static final int DEFAULT_MAILBOX_LIMIT = 100;
  /** The default dispatch strategy: {@link DispatchStrategy#LEAST_MAILBOX}. */
  public static final DispatchStrategy DEFAULT_DISPATCHER = DispatchStrategy.LEAST_MAILBOX;
  /** The default supervision strategy: {@link SupervisorStrategy#RESTART_ON_CRASH}. */
  public static final SupervisorStrategy DEFAULT_SUPERVISION = SupervisorStrategy.RESTART_ON_CRASH;
  /** The default time a worker JVM has to send {@code ready}: {@value} ms. */
  public static final long DEFAULT_START_TIMEOUT = 30_000;
  /** The default time a draining worker has from {@code shutdown} to exit before SIGTERM: {@value} ms. */
  public static final long DEFAULT_SHUTDOWN_GRACE_PERIOD = 10_000;
  /** The default time a worker has from SIGTERM to exit before SIGKILL: {@value} ms. */
  public static final long DEFAULT_KILL_GRACE_PERIOD = 5_000;
  /** The default task timeout: {@value} (none). */
  public static final long DEFAULT_TASK_TIMEOUT = 0;
  /** The default number of tasks after which a worker process is replaced: {@value} (never). */
  public static final int DEFAULT_MAX_TASKS_PER_WORKER = 0;
  /** The default of the most tasks handed to a busy worker ahead of time: {@value}. */
  public static final int DEFAULT_PREFETCH = 32;
  /** The default used-heap ceiling after which a worker process is replaced: {@value} (none). */
  public static final long DEFAULT_MAX_WORKER_HEAP = 0;
  /** The default number of restarts of one worker allowed within the restart window: {@value}. */
  public static final int DEFAULT_MAX_RESTARTS = 5;
  /** The default restart window: {@value} ms. */
  public static final long DEFAULT_RESTART_WINDOW = 60_000;
  /** The default delay before the first restart of a crashed worker: {@value} ms. */
  public static final long DEFAULT_RESTART_INITIAL_DELAY = 100;
  /** The default longest delay between restarts: {@value} ms. */
  public static final long DEFAULT_RESTART_MAX_DELAY = 10_000;
  /** The default factor by which the restart delay grows after each consecutive restart: {@value}. */
  public static final double DEFAULT_RESTART_MULTIPLIER = 2.0;
  /** The default time a worker must stay up for its restart delay to start again from the initial one: {@value} ms. */
  public static final long DEFAULT_RESTART_RESET_AFTER = 30_000;
  /** The default time a cancelled running task has to stop before its worker is killed: {@value} ms. */
  public static final long DEFAULT_CANCEL_GRACE_PERIOD = 5_000;
  /** The default time a call from a worker to a parent service may take: {@value} ms. */
  public static final long DEFAULT_SERVICE_CALL_TIMEOUT = 30_000;
  /** The default number of calls to parent services one worker may have in flight: {@value}. */
  public static final int DEFAULT_MAX_SERVICE_CALLS_IN_FLIGHT = 256;
  /** The default interval between two capacity announcements of a pool on a clustered Vert.x: {@value} ms. */
  public static final long DEFAULT_ANNOUNCE_INTERVAL = 500;
  /** The default silence after which clients of a clustered pool count one of its nodes as lost: {@value} ms. */
  public static final long DEFAULT_NODE_LOSS_TIMEOUT = 2_000;
  /** The default tracing policy of the pool's task spans: {@link TracingPolicy#ALWAYS}. */
  public static final TracingPolicy DEFAULT_TRACING_POLICY = TracingPolicy.ALWAYS;
  /** The default task allowlist: {@link TaskAllowlist#ANY_TASK}. */
  public static final TaskAllowlist DEFAULT_TASK_ALLOWLIST = TaskAllowlist.ANY_TASK;
  /** The default frame size limit: 64 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
  /** Whether workers start from a class-data-sharing archive by default: {@value}. */
  public static final boolean DEFAULT_CLASS_DATA_SHARING = true;
  /** The default CPU priority of the workers: {@value} (the parent's own; see {@link #setWorkerNice}). */
  public static final int DEFAULT_WORKER_NICE = 0;
  /** The default number of a worker's output lines logged in the parent per second: {@value}. */
  public static final int DEFAULT_WORKER_LOG_LINES_PER_SECOND = 1000;
  /** The default bytes of encoded tasks a pool holds: {@value} (a quarter of the parent JVM's largest heap). */
  public static final long DEFAULT_MAX_PENDING_TASK_BYTES = 0;
  /** The default resident-memory ceiling of one worker: {@value} (none). */
  public static final long DEFAULT_MAX_WORKER_RSS = 0;
  /** The default resident-memory budget of the whole pool: {@value} (none). */
  public static final long DEFAULT_MAX_POOL_MEMORY = 0;
  /** The default smallest size of an elastic pool: {@value}, which means {@link #getAgents() agents}. */
  public static final int DEFAULT_MIN_AGENTS = 0;
  /** The default largest size of an elastic pool: {@value}, which means {@link #getAgents() agents}. */
  public static final int DEFAULT_MAX_AGENTS = 0;
  /** The default time a worker of an elastic pool may stay idle before it stops: {@value} ms. */
  public static final long DEFAULT_IDLE_TIMEOUT = 60_000;
  /**
   * Worker JVM options: a small heap that grows fast under load, a young generation that holds the start, an old one
   * that holds a JDK 25 AOT cache's archived objects, serial GC, exit on OOM (docs/performance.md).
   */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms13m", "-Xmx512m", "-XX:NewSize=7m",
    "-XX:MinHeapFreeRatio=80", "-XX:MaxHeapFreeRatio=90", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
    "-XX:-UsePerfData");

  /** The default tries again of a task whose worker died under it: {@value} (only the application knows it may). */
  public static final int DEFAULT_RETRIES_ON_CRASH = 0;
  /** The default number of dying workers a task may have been running on before it counts as poison: {@value}. */
  public static final int DEFAULT_POISON_THRESHOLD = 2;
  /** The default interval between two heartbeats of a worker: {@value} ms. */
  public static final long DEFAULT_HEARTBEAT_INTERVAL = 1_000;
  /** The default silence after which a worker counts as unresponsive and is killed: {@value} ms. */
  public static final long DEFAULT_HEARTBEAT_TIMEOUT = 5_000;
  /** The default time a worker about to be killed has to tell where its task is: {@value} ms. */
  public static final long DEFAULT_STACK_DUMP_TIMEOUT = 500;

  private int agents = DEFAULT_AGENTS;
  private int mailboxLimit = DEFAULT_MAILBOX_LIMIT;
  private DispatchStrategy dispatcher = DEFAULT_DISPATCHER;
  private SupervisorStrategy supervision = DEFAULT_SUPERVISION;
  private String address = DEFAULT_ADDRESS;
  private String nodeName;
  private long startTimeout = DEFAULT_START_TIMEOUT;
  private long shutdownGracePeriod = DEFAULT_SHUTDOWN_GRACE_PERIOD;
  private long killGracePeriod = DEFAULT_KILL_GRACE_PERIOD;
  private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  private long taskTimeout = DEFAULT_TASK_TIMEOUT;
  private int maxTasksPerWorker = DEFAULT_MAX_TASKS_PER_WORKER;
  private int prefetch = DEFAULT_PREFETCH;
  private long maxWorkerHeap = DEFAULT_MAX_WORKER_HEAP;
  private int maxRestarts = DEFAULT_MAX_RESTARTS;
  private long restartWindow = DEFAULT_RESTART_WINDOW;
  private long restartInitialDelay = DEFAULT_RESTART_INITIAL_DELAY;
  private long restartMaxDelay = DEFAULT_RESTART_MAX_DELAY;
  private double restartMultiplier = DEFAULT_RESTART_MULTIPLIER;
  private long restartResetAfter = DEFAULT_RESTART_RESET_AFTER;
  private boolean redispatchOnCrash;
  private long cancelGracePeriod = DEFAULT_CANCEL_GRACE_PERIOD;
  private TaskAllowlist taskAllowlist = DEFAULT_TASK_ALLOWLIST;
  private List<String> allowedTaskPackages = new ArrayList<>();
  private List<String> serviceBundles = new ArrayList<>();
  private List<ParentService> parentServices = new ArrayList<>();
  private Map<String, String> localServices = new LinkedHashMap<>();
  private TracingPolicy tracingPolicy = DEFAULT_TRACING_POLICY;
  private long serviceCallTimeout = DEFAULT_SERVICE_CALL_TIMEOUT;
  private int maxServiceCallsInFlight = DEFAULT_MAX_SERVICE_CALLS_IN_FLIGHT;
  private long announceInterval = DEFAULT_ANNOUNCE_INTERVAL;
  private long nodeLossTimeout = DEFAULT_NODE_LOSS_TIMEOUT;
  private String javaCommand;
  private String classpath;
  private List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
  private boolean classDataSharing = DEFAULT_CLASS_DATA_SHARING;
  private String classDataDirectory;
  private int retriesOnCrash = DEFAULT_RETRIES_ON_CRASH;
  private int poisonThreshold = DEFAULT_POISON_THRESHOLD;
  private long heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private long heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
  private long stackDumpTimeout = DEFAULT_STACK_DUMP_TIMEOUT;
  private int workerNice = DEFAULT_WORKER_NICE;
  private int workerLogLinesPerSecond = DEFAULT_WORKER_LOG_LINES_PER_SECOND;
  private long maxPendingTaskBytes = DEFAULT_MAX_PENDING_TASK_BYTES;
  private long maxWorkerRss = DEFAULT_MAX_WORKER_RSS;
  private long maxPoolMemory = DEFAULT_MAX_POOL_MEMORY;
  private int minAgents = DEFAULT_MIN_AGENTS;
  private int maxAgents = DEFAULT_MAX_AGENTS;
  private long idleTimeout = DEFAULT_IDLE_TIMEOUT;

  public ParallelConfig() { }
  /** A deep copy: the lists are the copy's own. */
  public ParallelConfig(ParallelConfig other) { this(other.toJson()); }

  /**
   * @param json the {@link #toJson()} form; missing keys keep their defaults
   * @throws IllegalArgumentException naming an unknown key, or a key whose value is out of range or of the wrong type
   *                                  (never narrowed: {@code {"agents": 4294967297}} is refused)
   */
  public ParallelConfig(JsonObject json) { JsonSettings.apply(this, json); }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ParallelConfigConverter.toJson(this, json);
    return json;
  }

  /** @return 4 workers, mailbox 100, {@code LEAST_MAILBOX}, {@code RESTART_ON_CRASH} */
  public static ParallelConfig defaults() { return new ParallelConfig(); }
  /** @return the defaults with one worker */
  public static ParallelConfig singleWorker() { return new ParallelConfig().setAgents(1); }
  /** @return the defaults with one worker per available processor */
  public static ParallelConfig cpuBound() { return defaults().setAgents(Runtime.getRuntime().availableProcessors()); }

  /**
   * Checks every rule that ties settings together, since setters come in any order; {@link SupervisorVerticle}'s start
   * fails with its exception. nodeLossTimeout above announceInterval (else a node is lost between announcements),
   * restartMaxDelay at least restartInitialDelay, PACKAGES with some allowedTaskPackages, minAgents &lt;= maxAgents.
   *
   * @return this configuration
   * @throws IllegalArgumentException naming the settings that conflict and their values
   */
  public ParallelConfig validate() {
    requireArgument(nodeLossTimeout > announceInterval, "nodeLossTimeout (%d ms) must exceed announceInterval (%d ms):"
      + " clients would count the node as lost between two announcements", nodeLossTimeout, announceInterval);
    requireArgument(restartMaxDelay >= restartInitialDelay, "restartMaxDelay (%d ms) must be at least "
      + "restartInitialDelay (%d ms)", restartMaxDelay, restartInitialDelay);
    requireArgument(taskAllowlist != TaskAllowlist.PACKAGES || !allowedTaskPackages.isEmpty(), "taskAllowlist "
      + "PACKAGES needs at least one allowedTaskPackages entry: with none, no task may run");
    requireArgument(minAgents == 0 || maxAgents == 0 || minAgents <= maxAgents,
      "minAgents (%d) must not exceed maxAgents (%d)", minAgents, maxAgents);
    return this;
  }

  // ------------------------------------------------------------------------------------- pool and dispatch
  public int getAgents() { return agents; }
  /** @param agents the number of worker JVMs (the size an elastic pool starts with), at least 1 */
  public ParallelConfig setAgents(int agents) { this.agents = atLeast("agents", agents, 1); return this; }
  public int getMailboxLimit() { return mailboxLimit; }
  /** @param mailboxLimit tasks that may wait per worker, the running one not counted; 0: taken only when idle */
  public ParallelConfig setMailboxLimit(int mailboxLimit) {
    this.mailboxLimit = atLeast("mailboxLimit", mailboxLimit, 0); return this;
  }
  public DispatchStrategy getDispatcher() { return dispatcher; }
  /** @param dispatcher how a task sent to the pool address finds its worker */
  public ParallelConfig setDispatcher(DispatchStrategy dispatcher) {
    this.dispatcher = nonNull("dispatcher", dispatcher); return this;
  }
  public SupervisorStrategy getSupervision() { return supervision; }
  /** @param supervision what happens when a worker crashes */
  public ParallelConfig setSupervision(SupervisorStrategy supervision) {
    this.supervision = nonNull("supervision", supervision); return this;
  }
  public String getAddress() { return address; }
  /** @param address the pool's event-bus address; worker {@code n} also listens on {@code <address>.worker.<n>} */
  public ParallelConfig setAddress(String address) { this.address = nonBlank("address", address); return this; }
  public String getNodeName() { return nodeName; }
  /** @param nodeName this node's name in stats, events and announcements; {@code null}: {@code <host name>:<pid>} */
  public ParallelConfig setNodeName(String nodeName) {
    this.nodeName = nullOrNonBlank("nodeName", nodeName, "host:pid"); return this;
  }
  public long getStartTimeout() { return startTimeout; }
  /** @param startTimeout ms from spawn to {@code ready}, at least 1 */
  public ParallelConfig setStartTimeout(long startTimeout) {
    this.startTimeout = atLeast("startTimeout", startTimeout, 1); return this;
  }
  public long getShutdownGracePeriod() { return shutdownGracePeriod; }
  /** @param shutdownGracePeriod ms a draining worker has, once sent {@code shutdown}, to exit before SIGTERM; min 1 */
  public ParallelConfig setShutdownGracePeriod(long shutdownGracePeriod) {
    this.shutdownGracePeriod = atLeast("shutdownGracePeriod", shutdownGracePeriod, 1); return this;
  }
  public long getKillGracePeriod() { return killGracePeriod; }
  /** @param killGracePeriod ms from SIGTERM to SIGKILL, at least 1 */
  public ParallelConfig setKillGracePeriod(long killGracePeriod) {
    this.killGracePeriod = atLeast("killGracePeriod", killGracePeriod, 1); return this;
  }
  public int getMaxFrameBytes() { return maxFrameBytes; }
  /** @param maxFrameBytes the largest frame either way (a larger task is refused, a larger result fails), min 1024 */
  public ParallelConfig setMaxFrameBytes(int maxFrameBytes) {
    this.maxFrameBytes = atLeast("maxFrameBytes", maxFrameBytes, 1024); return this;
  }
  public long getTaskTimeout() { return taskTimeout; }
  /** @param taskTimeout ms a task may run; a ceiling requests may lower; 0: none, requests set their own */
  public ParallelConfig setTaskTimeout(long taskTimeout) {
    this.taskTimeout = atLeast("taskTimeout", taskTimeout, 0); return this;
  }
  public int getMaxTasksPerWorker() { return maxTasksPerWorker; }
  /** @param maxTasksPerWorker tasks after which a worker process is replaced, no task failing; 0: never */
  public ParallelConfig setMaxTasksPerWorker(int maxTasksPerWorker) {
    this.maxTasksPerWorker = atLeast("maxTasksPerWorker", maxTasksPerWorker, 0); return this;
  }
  public int getPrefetch() { return prefetch; }
  /** @param prefetch most waiting tasks written to a busy worker ahead of time; off with maxWorkerHeap; 0: none */
  public ParallelConfig setPrefetch(int prefetch) { this.prefetch = atLeast("prefetch", prefetch, 0); return this; }
  public long getMaxWorkerHeap() { return maxWorkerHeap; }
  /** @param maxWorkerHeap used-heap bytes after a task past which the process is replaced; 0: none */
  public ParallelConfig setMaxWorkerHeap(long maxWorkerHeap) {
    this.maxWorkerHeap = atLeast("maxWorkerHeap", maxWorkerHeap, 0); return this;
  }

  // ------------------------------------------------------------------------------------- restarts and crashes
  public int getMaxRestarts() { return maxRestarts; }
  /** @param maxRestarts restarts of one worker within the window, past which it stays down (pool unhealthy); min 0 */
  public ParallelConfig setMaxRestarts(int maxRestarts) {
    this.maxRestarts = atLeast("maxRestarts", maxRestarts, 0); return this;
  }
  public long getRestartWindow() { return restartWindow; }
  /** @param restartWindow ms of {@link #setMaxRestarts}, at least 1 */
  public ParallelConfig setRestartWindow(long restartWindow) {
    this.restartWindow = atLeast("restartWindow", restartWindow, 1); return this;
  }
  public long getRestartInitialDelay() { return restartInitialDelay; }
  /** @param restartInitialDelay ms before the first restart of a crashed worker (backoff base), at least 0 */
  public ParallelConfig setRestartInitialDelay(long restartInitialDelay) {
    this.restartInitialDelay = atLeast("restartInitialDelay", restartInitialDelay, 0); return this;
  }
  public long getRestartMaxDelay() { return restartMaxDelay; }
  /** @param restartMaxDelay the largest backoff base in ms, at least 0 and at least restartInitialDelay */
  public ParallelConfig setRestartMaxDelay(long restartMaxDelay) {
    this.restartMaxDelay = atLeast("restartMaxDelay", restartMaxDelay, 0); return this;
  }
  public double getRestartMultiplier() { return restartMultiplier; }
  /** @param restartMultiplier backoff growth per consecutive restart, finite, at least 1 */
  public ParallelConfig setRestartMultiplier(double restartMultiplier) {
    this.restartMultiplier = finiteAtLeast("restartMultiplier", restartMultiplier, 1.0); return this;
  }
  public long getRestartResetAfter() { return restartResetAfter; }
  /** @param restartResetAfter uptime (ms) after which the restart delay starts again from the initial one; min 1 */
  public ParallelConfig setRestartResetAfter(long restartResetAfter) {
    this.restartResetAfter = atLeast("restartResetAfter", restartResetAfter, 1); return this;
  }
  public boolean isRedispatchOnCrash() { return redispatchOnCrash; }
  /** @param redispatchOnCrash move a crashed worker's waiting tasks to live workers instead of failing them */
  public ParallelConfig setRedispatchOnCrash(boolean redispatchOnCrash) {
    this.redispatchOnCrash = redispatchOnCrash; return this;
  }
  public long getCancelGracePeriod() { return cancelGracePeriod; }
  /** @param cancelGracePeriod ms a cancelled running task has to stop before its worker is replaced; min 1 */
  public ParallelConfig setCancelGracePeriod(long cancelGracePeriod) {
    this.cancelGracePeriod = atLeast("cancelGracePeriod", cancelGracePeriod, 1); return this;
  }
  public int getRetriesOnCrash() { return retriesOnCrash; }
  /** @param retriesOnCrash tries again of a task whose worker died under it; a ceiling requests may lower; min 0 */
  public ParallelConfig setRetriesOnCrash(int retriesOnCrash) {
    this.retriesOnCrash = atLeast("retriesOnCrash", retriesOnCrash, 0); return this;
  }
  public int getPoisonThreshold() { return poisonThreshold; }
  /** @param poisonThreshold dying workers a retried task may have run on before it fails as poison (422); min 1 */
  public ParallelConfig setPoisonThreshold(int poisonThreshold) {
    this.poisonThreshold = atLeast("poisonThreshold", poisonThreshold, 1); return this;
  }
  public long getHeartbeatInterval() { return heartbeatInterval; }
  /** @param heartbeatInterval ms between heartbeats, from a thread of their own; at most a quarter of the timeout */
  public ParallelConfig setHeartbeatInterval(long heartbeatInterval) {
    this.heartbeatInterval = atLeast("heartbeatInterval", heartbeatInterval, 1); return this;
  }
  public long getHeartbeatTimeout() { return heartbeatTimeout; }
  /** @param heartbeatTimeout ms without a frame after which a worker is killed as unresponsive; 0: none */
  public ParallelConfig setHeartbeatTimeout(long heartbeatTimeout) {
    this.heartbeatTimeout = atLeast("heartbeatTimeout", heartbeatTimeout, 0); return this;
  }
  public long getStackDumpTimeout() { return stackDumpTimeout; }
  /** @param stackDumpTimeout ms a worker being killed has to give its task's stack; 0: kill at once */
  public ParallelConfig setStackDumpTimeout(long stackDumpTimeout) {
    this.stackDumpTimeout = atLeast("stackDumpTimeout", stackDumpTimeout, 0); return this;
  }

  // ------------------------------------------------------------------------------------- cluster
  public long getAnnounceInterval() { return announceInterval; }
  /** @param announceInterval clustered only: ms between capacity announcements (the node's heartbeat), min 10 */
  public ParallelConfig setAnnounceInterval(long announceInterval) {
    this.announceInterval = atLeast("announceInterval", announceInterval, 10); return this;
  }
  public long getNodeLossTimeout() { return nodeLossTimeout; }
  /** @param nodeLossTimeout ms of silence after which clients fail their tasks on this node (502); min 20 */
  public ParallelConfig setNodeLossTimeout(long nodeLossTimeout) {
    this.nodeLossTimeout = atLeast("nodeLossTimeout", nodeLossTimeout, 20); return this;
  }

  // ------------------------------------------------------------------------------------- services and tracing
  public List<String> getServiceBundles() { return serviceBundles; }
  /** @param serviceBundles class names of {@link ServiceBundle}s, loaded by the supervisor and each worker */
  public ParallelConfig setServiceBundles(List<String> serviceBundles) {
    this.serviceBundles = new ArrayList<>(nonBlankEntries("serviceBundles", serviceBundles)); return this;
  }
  /** Adds one service bundle: the class name of a {@link ServiceBundle}. */
  public ParallelConfig addServiceBundle(String serviceBundle) {
    serviceBundles.add(nonBlank("a service bundle class name", serviceBundle)); return this;
  }
  public List<ParentService> getParentServices() { return parentServices; }
  /** @param parentServices services in the parent that tasks reach through proxies, bound at start */
  public ParallelConfig setParentServices(List<ParentService> parentServices) {
    List<ParentService> copies = new ArrayList<>();
    nonNull("parentServices", parentServices).forEach(service -> copies.add(complete(service)));
    this.parentServices = copies;
    return this;
  }
  /** Registers a parent service (a copy of {@code service}). */
  public ParallelConfig addParentService(ParentService service) { parentServices.add(complete(service)); return this; }
  /** Registers a parent service: {@code type} ({@code @ProxyGen}) bound on {@code address} to a new implementation. */
  @GenIgnore
  public <S> ParallelConfig addParentService(Class<S> type, String address, Class<? extends S> implementation) {
    return addParentService(new ParentService(type, address, implementation));
  }
  /** The same with settings, which the implementation's public constructor {@code (Vertx, JsonObject)} receives. */
  @GenIgnore
  public <S> ParallelConfig addParentService(Class<S> type, String address, Class<? extends S> implementation,
                                             JsonObject config) {
    return addParentService(new ParentService(type, address, implementation).setConfig(config));
  }
  private static ParentService complete(ParentService service) {
    nonNull("a parent service", service);
    requireArgument(service.getType() != null && service.getAddress() != null && service.getImplementation() != null,
      "a parent service needs a type, an address and an implementation, was %s", service);
    return new ParentService(service);
  }
  public Map<String, String> getLocalServices() { return localServices; }
  /** @param localServices type to implementation class names, built in every process; calls never leave it */
  public ParallelConfig setLocalServices(Map<String, String> localServices) {
    nonNull("localServices", localServices).forEach((type, implementation) -> requireArgument(type != null
        && !type.isBlank() && implementation != null && !implementation.isBlank(),
      "localServices must map type names to implementation names, was %s", localServices));
    this.localServices = new LinkedHashMap<>(localServices);
    return this;
  }
  /** Registers a local service: each worker (and the parent) builds its own {@code implementation}. */
  @GenIgnore
  public <S> ParallelConfig addLocalService(Class<S> type, Class<? extends S> implementation) {
    localServices.put(nonNull("type", type).getName(), nonNull("implementation", implementation).getName());
    return this;
  }
  public TracingPolicy getTracingPolicy() { return tracingPolicy; }
  /** @param tracingPolicy which tasks get a span where Vert.x has a tracer: all, a traced caller's, or none */
  public ParallelConfig setTracingPolicy(TracingPolicy tracingPolicy) {
    this.tracingPolicy = nonNull("tracingPolicy", tracingPolicy); return this;
  }
  public long getServiceCallTimeout() { return serviceCallTimeout; }
  /** @param serviceCallTimeout ms a parent-service call may take, then it fails with code {@code TIMEOUT}; min 1 */
  public ParallelConfig setServiceCallTimeout(long serviceCallTimeout) {
    this.serviceCallTimeout = atLeast("serviceCallTimeout", serviceCallTimeout, 1); return this;
  }
  public int getMaxServiceCallsInFlight() { return maxServiceCallsInFlight; }
  /** @param maxServiceCallsInFlight unanswered parent-service calls per worker, then code TOO_MANY_CALLS; min 1 */
  public ParallelConfig setMaxServiceCallsInFlight(int maxServiceCallsInFlight) {
    this.maxServiceCallsInFlight = atLeast("maxServiceCallsInFlight", maxServiceCallsInFlight, 1); return this;
  }

  // ------------------------------------------------------------------------------------- tasks and worker JVMs
  public TaskAllowlist getTaskAllowlist() { return taskAllowlist; }
  /** @param taskAllowlist which {@link io.phalanx.parallel.task.Task} classes requests may name; others are refused (400) */
  public ParallelConfig setTaskAllowlist(TaskAllowlist taskAllowlist) {
    this.taskAllowlist = nonNull("taskAllowlist", taskAllowlist); return this;
  }
  public List<String> getAllowedTaskPackages() { return allowedTaskPackages; }
  /** @param allowedTaskPackages for {@link TaskAllowlist#PACKAGES}: packages (with subpackages) of the tasks */
  public ParallelConfig setAllowedTaskPackages(List<String> allowedTaskPackages) {
    nonBlankEntries("allowedTaskPackages", allowedTaskPackages).forEach(allowed -> requireArgument(
      !allowed.endsWith("."), "allowedTaskPackages must hold package names, was %s", allowedTaskPackages));
    this.allowedTaskPackages = new ArrayList<>(allowedTaskPackages);
    return this;
  }
  public String getJavaCommand() { return javaCommand; }
  /** @param javaCommand the workers' {@code java}; {@code null} (the default): the parent's own */
  public ParallelConfig setJavaCommand(String javaCommand) {
    this.javaCommand = nullOrNonBlank("javaCommand", javaCommand, "the parent's java"); return this;
  }
  public String getClasspath() { return classpath; }
  /** @param classpath the workers' class path (worker runtime and tasks); {@code null}: the parent's own */
  public ParallelConfig setClasspath(String classpath) {
    this.classpath = nullOrNonBlank("classpath", classpath, "the parent's class path"); return this;
  }
  public List<String> getJvmOptions() { return jvmOptions; }
  /** @param jvmOptions replace the defaults; each worker also gets its share of the cores unless these set one */
  public ParallelConfig setJvmOptions(List<String> jvmOptions) {
    this.jvmOptions = new ArrayList<>(nonBlankEntries("jvmOptions", jvmOptions)); return this;
  }
  /** Adds one option to the worker JVMs' options. */
  public ParallelConfig addJvmOption(String jvmOption) {
    jvmOptions.add(nonBlank("a JVM option", jvmOption)); return this;
  }
  public boolean isClassDataSharing() { return classDataSharing; }
  /** @param classDataSharing start workers from a CDS archive trained once per command: half the start-up time */
  public ParallelConfig setClassDataSharing(boolean classDataSharing) {
    this.classDataSharing = classDataSharing; return this;
  }
  public String getClassDataDirectory() { return classDataDirectory; }
  /** @param classDataDirectory the CDS archives' folder; {@code null}: {@code <tmpdir>/phalanx-parallel-cds-<user>} */
  public ParallelConfig setClassDataDirectory(String classDataDirectory) {
    this.classDataDirectory = nullOrNonBlank("classDataDirectory", classDataDirectory, "the default folder");
    return this;
  }

  public int getWorkerLogLinesPerSecond() { return workerLogLinesPerSecond; }
  /**
   * @param workerLogLinesPerSecond the most lines of one worker process's stdout and stderr logged in the parent per
   *                                second, the rest counted in one line; 0: no limit
   */
  public ParallelConfig setWorkerLogLinesPerSecond(int workerLogLinesPerSecond) {
    this.workerLogLinesPerSecond = zeroOrPositive("workerLogLinesPerSecond", workerLogLinesPerSecond, "no limit");
    return this;
  }

  public long getMaxPendingTaskBytes() { return maxPendingTaskBytes; }
  /**
   * @param maxPendingTaskBytes the most bytes of encoded tasks the pool holds (waiting, or running and kept for a
   *                            retry); a task past it is refused at once (429), unless the pool holds none; 0: a
   *                            quarter of the parent JVM's largest heap
   */
  public ParallelConfig setMaxPendingTaskBytes(long maxPendingTaskBytes) {
    this.maxPendingTaskBytes = zeroOrPositive("maxPendingTaskBytes", maxPendingTaskBytes, "a quarter of the heap");
    return this;
  }

  // ------------------------------------------------------------------------------------- CPU, memory, pool size
  public int getWorkerNice() { return workerNice; }
  /** @param workerNice the workers' Linux nice (and their autogroup's), 0 (the parent's) to 19 (lowest priority) */
  public ParallelConfig setWorkerNice(int workerNice) {
    this.workerNice = between("workerNice", workerNice, 0, 19); return this;
  }
  public long getMaxWorkerRss() { return maxWorkerRss; }
  /** @param maxWorkerRss resident bytes after a task past which the worker is replaced (Linux); 0: none */
  public ParallelConfig setMaxWorkerRss(long maxWorkerRss) {
    this.maxWorkerRss = zeroOrPositive("maxWorkerRss", maxWorkerRss, "none"); return this;
  }
  public long getMaxPoolMemory() { return maxPoolMemory; }
  /** @param maxPoolMemory resident bytes of all workers, past which the largest idle one is replaced; 0: none */
  public ParallelConfig setMaxPoolMemory(long maxPoolMemory) {
    this.maxPoolMemory = zeroOrPositive("maxPoolMemory", maxPoolMemory, "none"); return this;
  }
  public int getMinAgents() { return minAgents; }
  /** @param minAgents the size an elastic pool's idle workers stop down to; 0: {@code agents} */
  public ParallelConfig setMinAgents(int minAgents) {
    this.minAgents = zeroOrPositive("minAgents", minAgents, "the same as agents"); return this;
  }
  public int getMaxAgents() { return maxAgents; }
  /** @param maxAgents the size an elastic pool grows to while every mailbox holds work; 0: {@code agents} */
  public ParallelConfig setMaxAgents(int maxAgents) {
    this.maxAgents = zeroOrPositive("maxAgents", maxAgents, "the same as agents"); return this;
  }
  public long getIdleTimeout() { return idleTimeout; }
  /** @param idleTimeout ms a worker of an elastic pool above its smallest size may idle before it stops; 0: never */
  public ParallelConfig setIdleTimeout(long idleTimeout) {
    this.idleTimeout = zeroOrPositive("idleTimeout", idleTimeout, "never"); return this;
  }

  @Override
  public String toString() { return "ParallelConfig" + toJson().encode(); }
}
