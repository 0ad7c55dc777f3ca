package io.phalanx.parallel;

import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.service.ServiceBundle;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.phalanx.parallel.task.Task;
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
import java.util.Objects;

import static io.phalanx.parallel.Checks.atLeast;
import static io.phalanx.parallel.Checks.nonBlank;
import static io.phalanx.parallel.Checks.nonBlankEntries;
import static io.phalanx.parallel.Checks.nonNull;
import static io.phalanx.parallel.Checks.nullOrNonBlank;
import static io.phalanx.parallel.Checks.requireArgument;

/**
 * The configuration of a worker pool: how many workers, how tasks are queued and dispatched, and how each worker JVM
 * is started. Pass it to {@link SupervisorVerticle#SupervisorVerticle(ParallelConfig)}, or its {@link #toJson() JSON
 * form} as the deployment's config.
 * <p>
 * Setters and the JSON constructor refuse a value out of range or of the wrong type with
 * {@link IllegalArgumentException} naming the key and the value (a setter given a {@code null} where none is allowed
 * throws {@link NullPointerException}). {@link #validate()}, called when the supervisor starts, checks the rules that
 * tie settings together.
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
   * The default options of each worker JVM: a small initial heap (start-up garbage stays resident until a first
   * collection an idle worker never makes), the serial collector (one task at a time), exit on out-of-memory (a crash
   * the supervisor restarts, not a half-broken JVM) and no perf-data file.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
    "-Xms16m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

  // ---------------------------------------------------------------- supervision, round two: defaults
  /** The default number of times a task whose worker died under it is tried again: {@value} (never). */
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
  // supervision, round two
  private int retriesOnCrash = DEFAULT_RETRIES_ON_CRASH;
  private int poisonThreshold = DEFAULT_POISON_THRESHOLD;
  private long heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private long heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
  private long stackDumpTimeout = DEFAULT_STACK_DUMP_TIMEOUT;
  // CPU, memory and size that fit the machine (issue 20, items 4 to 6)
  private int workerNice = DEFAULT_WORKER_NICE;
  private long maxWorkerRss = DEFAULT_MAX_WORKER_RSS;
  private long maxPoolMemory = DEFAULT_MAX_POOL_MEMORY;
  private int minAgents = DEFAULT_MIN_AGENTS;
  private int maxAgents = DEFAULT_MAX_AGENTS;
  private long idleTimeout = DEFAULT_IDLE_TIMEOUT;

  public ParallelConfig() {
  }

  /** A deep copy: the lists are the copy's own. */
  public ParallelConfig(ParallelConfig other) {
    this(other.toJson());
  }

  /**
   * @param json the {@link #toJson()} form; missing keys keep their defaults
   * @throws IllegalArgumentException naming an unknown key, or a key whose value is out of range or of the wrong type
   *                                  (never narrowed: {@code {"agents": 4294967297}} is refused)
   */
  public ParallelConfig(JsonObject json) {
    JsonSettings.apply(this, json);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ParallelConfigConverter.toJson(this, json);
    return json;
  }

  /** @return 4 workers, mailbox 100, {@code LEAST_MAILBOX}, {@code RESTART_ON_CRASH} */
  public static ParallelConfig defaults() {
    return new ParallelConfig();
  }

  /** @return the defaults with one worker */
  public static ParallelConfig singleWorker() {
    return new ParallelConfig().setAgents(1);
  }

  /** @return the defaults with one worker per available processor */
  public static ParallelConfig cpuBound() {
    return new ParallelConfig().setAgents(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Checks the rules that tie settings together (the supervisor's start fails with its exception): nodeLossTimeout
   * above announceInterval, restartMaxDelay at least restartInitialDelay, PACKAGES with at least one package.
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
    return this;
  }

  public int getAgents() { return agents; }
  /** @param agents the number of worker JVMs, at least 1 (default {@value #DEFAULT_AGENTS}) */
  public ParallelConfig setAgents(int agents) {
    this.agents = atLeast("agents", agents, 1);
    return this;
  }

  public int getMailboxLimit() { return mailboxLimit; }
  /**
   * @param mailboxLimit tasks that may wait per worker, the running one not counted; 0: a worker takes a task only
   *                     when idle (default {@value #DEFAULT_MAILBOX_LIMIT})
   */
  public ParallelConfig setMailboxLimit(int mailboxLimit) {
    this.mailboxLimit = atLeast("mailboxLimit", mailboxLimit, 0);
    return this;
  }

  public DispatchStrategy getDispatcher() { return dispatcher; }
  /** @param dispatcher how a task sent to the pool address finds its worker (default {@code LEAST_MAILBOX}) */
  public ParallelConfig setDispatcher(DispatchStrategy dispatcher) {
    this.dispatcher = nonNull("dispatcher", dispatcher);
    return this;
  }

  public SupervisorStrategy getSupervision() { return supervision; }
  /** @param supervision what happens when a worker crashes (default {@code RESTART_ON_CRASH}) */
  public ParallelConfig setSupervision(SupervisorStrategy supervision) {
    this.supervision = nonNull("supervision", supervision);
    return this;
  }

  public String getAddress() { return address; }
  /**
   * @param address the pool's event-bus address (default {@value #DEFAULT_ADDRESS}); worker {@code n} also listens
   *                on {@code <address>.worker.<n>}
   */
  public ParallelConfig setAddress(String address) {
    this.address = nonBlank("address", address);
    return this;
  }

  public String getNodeName() { return nodeName; }
  /**
   * @param nodeName what this node is called in {@code <address>.stats}, lifecycle events, capacity announcements and
   *                 the failures of a lost node; {@code null} (the default): {@code <host name>:<pid>}
   */
  public ParallelConfig setNodeName(String nodeName) {
    this.nodeName = nullOrNonBlank("nodeName", nodeName, "host:pid");
    return this;
  }

  public long getStartTimeout() { return startTimeout; }
  /** @param startTimeout ms from spawn to {@code ready}, at least 1 (default {@value #DEFAULT_START_TIMEOUT}) */
  public ParallelConfig setStartTimeout(long startTimeout) {
    this.startTimeout = atLeast("startTimeout", startTimeout, 1);
    return this;
  }

  public long getShutdownGracePeriod() { return shutdownGracePeriod; }
  /**
   * @param shutdownGracePeriod ms a draining worker has, once sent {@code shutdown}, to exit before SIGTERM, at least
   *                            1 (default {@value #DEFAULT_SHUTDOWN_GRACE_PERIOD})
   */
  public ParallelConfig setShutdownGracePeriod(long shutdownGracePeriod) {
    this.shutdownGracePeriod = atLeast("shutdownGracePeriod", shutdownGracePeriod, 1);
    return this;
  }

  public long getKillGracePeriod() { return killGracePeriod; }
  /** @param killGracePeriod ms from SIGTERM to SIGKILL, at least 1 (default {@value #DEFAULT_KILL_GRACE_PERIOD}) */
  public ParallelConfig setKillGracePeriod(long killGracePeriod) {
    this.killGracePeriod = atLeast("killGracePeriod", killGracePeriod, 1);
    return this;
  }

  public int getMaxFrameBytes() { return maxFrameBytes; }
  /**
   * @param maxFrameBytes the largest frame either way, at least 1024 (default 64 MiB): a larger task is refused
   *                      ({@link InvalidTaskException}), a larger result fails its task ({@link TaskFailedException})
   */
  public ParallelConfig setMaxFrameBytes(int maxFrameBytes) {
    this.maxFrameBytes = atLeast("maxFrameBytes", maxFrameBytes, 1024);
    return this;
  }

  public long getTaskTimeout() { return taskTimeout; }
  /**
   * @param taskTimeout ms a task may run in its worker before it fails with {@link TaskTimeoutException} (its worker
   *                    is replaced); a ceiling that a request may lower, never lift ({@link TaskOptions#setTimeout});
   *                    0: none, each request may set its own (default {@value #DEFAULT_TASK_TIMEOUT})
   */
  public ParallelConfig setTaskTimeout(long taskTimeout) {
    this.taskTimeout = atLeast("taskTimeout", taskTimeout, 0);
    return this;
  }

  public int getMaxTasksPerWorker() { return maxTasksPerWorker; }
  /**
   * @param maxTasksPerWorker tasks after which a worker process is replaced by a fresh one, no task failing; 0 for
   *                          never (default {@value #DEFAULT_MAX_TASKS_PER_WORKER})
   */
  public ParallelConfig setMaxTasksPerWorker(int maxTasksPerWorker) {
    this.maxTasksPerWorker = atLeast("maxTasksPerWorker", maxTasksPerWorker, 0);
    return this;
  }

  public int getPrefetch() { return prefetch; }
  /**
   * @param prefetch the most waiting tasks written to a busy worker ahead of time (still mailbox tasks); off with
   *                 {@link #setMaxWorkerHeap}; 0 for none (default {@value #DEFAULT_PREFETCH})
   */
  public ParallelConfig setPrefetch(int prefetch) {
    this.prefetch = atLeast("prefetch", prefetch, 0);
    return this;
  }

  public long getMaxWorkerHeap() { return maxWorkerHeap; }
  /**
   * @param maxWorkerHeap used-heap bytes after a task past which the worker process is replaced as by
   *                      {@link #setMaxTasksPerWorker}; 0 for none (default {@value #DEFAULT_MAX_WORKER_HEAP})
   */
  public ParallelConfig setMaxWorkerHeap(long maxWorkerHeap) {
    this.maxWorkerHeap = atLeast("maxWorkerHeap", maxWorkerHeap, 0);
    return this;
  }

  public int getMaxRestarts() { return maxRestarts; }
  /**
   * @param maxRestarts restarts of one worker allowed within {@link #setRestartWindow the window}; past them it stays
   *                    down and the pool is unhealthy. At least 0 (default {@value #DEFAULT_MAX_RESTARTS})
   */
  public ParallelConfig setMaxRestarts(int maxRestarts) {
    this.maxRestarts = atLeast("maxRestarts", maxRestarts, 0);
    return this;
  }

  public long getRestartWindow() { return restartWindow; }
  /** @param restartWindow ms of {@link #setMaxRestarts}, at least 1 (default {@value #DEFAULT_RESTART_WINDOW}) */
  public ParallelConfig setRestartWindow(long restartWindow) {
    this.restartWindow = atLeast("restartWindow", restartWindow, 1);
    return this;
  }

  public long getRestartInitialDelay() { return restartInitialDelay; }
  /** @param restartInitialDelay first backoff base, ms, at least 0 (default {@value #DEFAULT_RESTART_INITIAL_DELAY}) */
  public ParallelConfig setRestartInitialDelay(long restartInitialDelay) {
    this.restartInitialDelay = atLeast("restartInitialDelay", restartInitialDelay, 0);
    return this;
  }

  public long getRestartMaxDelay() { return restartMaxDelay; }
  /** @param restartMaxDelay the largest backoff base in ms, at least 0 (default {@value #DEFAULT_RESTART_MAX_DELAY}) */
  public ParallelConfig setRestartMaxDelay(long restartMaxDelay) {
    this.restartMaxDelay = atLeast("restartMaxDelay", restartMaxDelay, 0);
    return this;
  }

  public double getRestartMultiplier() { return restartMultiplier; }
  /** @param restartMultiplier backoff growth, finite, at least 1 (default {@value #DEFAULT_RESTART_MULTIPLIER}) */
  public ParallelConfig setRestartMultiplier(double restartMultiplier) {
    this.restartMultiplier = Checks.finiteAtLeast("restartMultiplier", restartMultiplier, 1.0);
    return this;
  }

  public long getRestartResetAfter() { return restartResetAfter; }
  /** @param restartResetAfter uptime (ms) resetting the backoff, at least 1 (default 30 s) */
  public ParallelConfig setRestartResetAfter(long restartResetAfter) {
    this.restartResetAfter = atLeast("restartResetAfter", restartResetAfter, 1);
    return this;
  }

  public boolean isRedispatchOnCrash() { return redispatchOnCrash; }
  /**
   * Sets what happens to the tasks waiting in a crashed worker's mailbox: by default they fail with
   * {@link WorkerCrashedException} like the task it was running; with {@code true} they move to other live workers
   * (those that find no room fail as before). The running task fails in both cases: it may have had effects. Tasks
   * that may be retried ({@link #setRetriesOnCrash}) move in any case, and the running one is retried.
   *
   * @param redispatchOnCrash default {@code false}
   */
  public ParallelConfig setRedispatchOnCrash(boolean redispatchOnCrash) {
    this.redispatchOnCrash = redispatchOnCrash;
    return this;
  }

  public long getCancelGracePeriod() { return cancelGracePeriod; }
  /**
   * @param cancelGracePeriod ms a cancelled running task has to stop before its worker is killed and replaced, at
   *                          least 1 (default {@value #DEFAULT_CANCEL_GRACE_PERIOD})
   */
  public ParallelConfig setCancelGracePeriod(long cancelGracePeriod) {
    this.cancelGracePeriod = atLeast("cancelGracePeriod", cancelGracePeriod, 1);
    return this;
  }

  public long getAnnounceInterval() { return announceInterval; }
  /**
   * @param announceInterval clustered only: ms between two capacity announcements on {@code <address>.capacity} (the
   *                         node's heartbeat), at least 10 (default {@value #DEFAULT_ANNOUNCE_INTERVAL})
   */
  public ParallelConfig setAnnounceInterval(long announceInterval) {
    this.announceInterval = atLeast("announceInterval", announceInterval, 10);
    return this;
  }

  public long getNodeLossTimeout() { return nodeLossTimeout; }
  /**
   * @param nodeLossTimeout ms of silence after which clients count this node as lost and fail their tasks there
   *                        (502); at least 20, above announceInterval (default {@value #DEFAULT_NODE_LOSS_TIMEOUT})
   */
  public ParallelConfig setNodeLossTimeout(long nodeLossTimeout) {
    this.nodeLossTimeout = atLeast("nodeLossTimeout", nodeLossTimeout, 20);
    return this;
  }

  public List<String> getServiceBundles() { return serviceBundles; }
  /**
   * @param serviceBundles binary class names of {@link ServiceBundle}s with a public no-arg constructor, loaded by the
   *                       supervisor and each worker; one that cannot be loaded fails the start (default none)
   */
  public ParallelConfig setServiceBundles(List<String> serviceBundles) {
    this.serviceBundles = new ArrayList<>(nonBlankEntries("serviceBundles", serviceBundles));
    return this;
  }

  /** Adds one service bundle: the class name of a {@link ServiceBundle}. */
  public ParallelConfig addServiceBundle(String serviceBundle) {
    serviceBundles.add(nonBlank("a service bundle class name", serviceBundle));
    return this;
  }

  public List<ParentService> getParentServices() {
    return parentServices;
  }

  /**
   * Sets the services that live in the parent and that tasks reach through their generated proxies (see
   * {@link ParentService}). The supervisor builds and binds them when it starts, before its workers; a type, an
   * implementation or a constructor that does not fit fails the deployment with {@link IllegalArgumentException}
   * naming it. Each worker learns their types and addresses, and can reach those addresses and no other.
   *
   * @param parentServices default none
   */
  public ParallelConfig setParentServices(List<ParentService> parentServices) {
    Objects.requireNonNull(parentServices, "parentServices must not be null");
    List<ParentService> copies = new ArrayList<>();
    for (ParentService service : parentServices) {
      copies.add(requireComplete(service));
    }
    this.parentServices = copies;
    return this;
  }

  /**
   * Registers a parent service (a copy of {@code service}).
   */
  public ParallelConfig addParentService(ParentService service) {
    parentServices.add(requireComplete(service));
    return this;
  }

  /**
   * Registers a parent service in one line: {@code type}, a {@code @ProxyGen} interface, is bound on {@code address}
   * to an instance of {@code implementation}, built in the parent with its public constructor {@code (Vertx)} or
   * {@code ()}, on an event-loop context of its own. For settings or a blocking implementation, use
   * {@link #addParentService(ParentService)}.
   */
  @GenIgnore
  public <S> ParallelConfig addParentService(Class<S> type, String address, Class<? extends S> implementation) {
    return addParentService(new ParentService(type, address, implementation));
  }

  /**
   * The same with settings, which the implementation's public constructor {@code (Vertx, JsonObject)} receives.
   */
  @GenIgnore
  public <S> ParallelConfig addParentService(Class<S> type, String address, Class<? extends S> implementation,
                                             JsonObject config) {
    return addParentService(new ParentService(type, address, implementation).setConfig(config));
  }

  private static ParentService requireComplete(ParentService service) {
    Objects.requireNonNull(service, "a parent service must not be null");
    if (service.getType() == null || service.getAddress() == null || service.getImplementation() == null) {
      throw new IllegalArgumentException("a parent service needs a type, an address and an implementation, was "
        + service);
    }
    return new ParentService(service);
  }

  public Map<String, String> getLocalServices() {
    return localServices;
  }

  /**
   * Sets the services built in every process, the parent and each worker, from their implementation class (its public
   * constructor {@code (Vertx)} or {@code ()}): a task's {@code scope.service(type)} returns its worker's instance,
   * and calls never leave the worker.
   *
   * @param localServices binary names: type to implementation (default none)
   */
  public ParallelConfig setLocalServices(Map<String, String> localServices) {
    Objects.requireNonNull(localServices, "localServices must not be null");
    localServices.forEach((type, implementation) -> {
      if (type == null || type.isBlank() || implementation == null || implementation.isBlank()) {
        throw new IllegalArgumentException("localServices must map type names to implementation names, was "
          + localServices);
      }
    });
    this.localServices = new LinkedHashMap<>(localServices);
    return this;
  }

  /**
   * Registers a local service: each worker (and the parent) builds its own {@code implementation}.
   */
  @GenIgnore
  public <S> ParallelConfig addLocalService(Class<S> type, Class<? extends S> implementation) {
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(implementation, "implementation must not be null");
    localServices.put(type.getName(), implementation.getName());
    return this;
  }

  public TracingPolicy getTracingPolicy() {
    return tracingPolicy;
  }

  /**
   * Sets when a task gets a span, where Vert.x has a tracer ({@code VertxBuilder.withTracer}, for example
   * vertx-opentelemetry): {@link TracingPolicy#ALWAYS} every task (a root span when the caller has none),
   * {@link TracingPolicy#PROPAGATE} only a task whose caller is traced, {@link TracingPolicy#IGNORE} none. Without a
   * tracer nothing is traced, whatever the policy.
   *
   * @param tracingPolicy default {@link #DEFAULT_TRACING_POLICY}
   */
  public ParallelConfig setTracingPolicy(TracingPolicy tracingPolicy) {
    this.tracingPolicy = Objects.requireNonNull(tracingPolicy, "tracingPolicy must not be null");
    return this;
  }

  public long getServiceCallTimeout() { return serviceCallTimeout; }
  /**
   * @param serviceCallTimeout ms a call from a task to a parent service may take; past it the call fails with code
   *                           {@link ServiceFailureCodes#TIMEOUT}; at least 1 (default 30 s)
   */
  public ParallelConfig setServiceCallTimeout(long serviceCallTimeout) {
    this.serviceCallTimeout = atLeast("serviceCallTimeout", serviceCallTimeout, 1);
    return this;
  }

  public int getMaxServiceCallsInFlight() { return maxServiceCallsInFlight; }
  /**
   * Bounds the calls to parent services one worker may have in flight (sent and not yet answered). A call past the
   * bound is refused at once: the task's proxy fails with a {@code ServiceException} of code
   * {@link ServiceFailureCodes#TOO_MANY_CALLS} (429). The bound keeps what a worker's calls hold in the parent small,
   * however many its tasks start.
   *
   * @param maxServiceCallsInFlight at least 1 (default {@value #DEFAULT_MAX_SERVICE_CALLS_IN_FLIGHT})
   */
  public ParallelConfig setMaxServiceCallsInFlight(int maxServiceCallsInFlight) {
    this.maxServiceCallsInFlight = atLeast("maxServiceCallsInFlight", maxServiceCallsInFlight, 1);
    return this;
  }

  public TaskAllowlist getTaskAllowlist() { return taskAllowlist; }
  /**
   * @param taskAllowlist which {@link Task} classes requests may name: any, those of the codegen task index, or
   *                      those of {@link #setAllowedTaskPackages}; others are refused (400) (default ANY_TASK)
   */
  public ParallelConfig setTaskAllowlist(TaskAllowlist taskAllowlist) {
    this.taskAllowlist = nonNull("taskAllowlist", taskAllowlist);
    return this;
  }

  public List<String> getAllowedTaskPackages() { return allowedTaskPackages; }
  /** @param allowedTaskPackages for {@link TaskAllowlist#PACKAGES}: packages (with subpackages) of the tasks */
  public ParallelConfig setAllowedTaskPackages(List<String> allowedTaskPackages) {
    for (String allowed : nonBlankEntries("allowedTaskPackages", allowedTaskPackages)) {
      requireArgument(!allowed.endsWith("."), "allowedTaskPackages must hold package names, was %s",
        allowedTaskPackages);
    }
    this.allowedTaskPackages = new ArrayList<>(allowedTaskPackages);
    return this;
  }

  public String getJavaCommand() { return javaCommand; }
  /** @param javaCommand the workers' {@code java}; {@code null} (the default): the parent's own */
  public ParallelConfig setJavaCommand(String javaCommand) {
    this.javaCommand = nullOrNonBlank("javaCommand", javaCommand, "the parent's java");
    return this;
  }

  public String getClasspath() { return classpath; }
  /**
   * @param classpath the workers' class path: the worker runtime ({@code phalanx-parallel-worker} and dependencies)
   *                  and the task classes; {@code null} (the default): the parent's own
   */
  public ParallelConfig setClasspath(String classpath) {
    this.classpath = nullOrNonBlank("classpath", classpath, "the parent's class path");
    return this;
  }

  public List<String> getJvmOptions() { return jvmOptions; }

  /**
   * Sets the options of each worker JVM. Every worker also gets {@code -XX:ActiveProcessorCount=<n>}, its share of
   * the cores: the parent's available processors divided by the most workers the pool may have
   * ({@link #setMaxAgents}, else {@link #setAgents}), at least 1, so that {@code n} workers size their garbage
   * collector, JIT and common fork-join pool to the machine instead of each to all of it. Options that set
   * {@code -XX:ActiveProcessorCount} themselves (here, or in the {@code JAVA_TOOL_OPTIONS} the workers inherit) turn
   * it off: {@code -XX:ActiveProcessorCount=-1} gives each worker every core again.
   *
   * @param jvmOptions the options of each worker JVM, replacing the defaults ({@link #DEFAULT_JVM_OPTIONS})
   */
  public ParallelConfig setJvmOptions(List<String> jvmOptions) {
    this.jvmOptions = new ArrayList<>(nonBlankEntries("jvmOptions", jvmOptions));
    return this;
  }

  /** Adds one option to the worker JVMs' options. */
  public ParallelConfig addJvmOption(String jvmOption) {
    jvmOptions.add(nonBlank("a JVM option", jvmOption));
    return this;
  }

  public boolean isClassDataSharing() { return classDataSharing; }
  /**
   * @param classDataSharing start workers from a class-data-sharing archive, trained once in the background per worker
   *                         command (jars-only class paths); about half the start-up time (default {@code true})
   */
  public ParallelConfig setClassDataSharing(boolean classDataSharing) {
    this.classDataSharing = classDataSharing;
    return this;
  }

  public String getClassDataDirectory() { return classDataDirectory; }
  /**
   * @param classDataDirectory where the class-data-sharing archives are kept; {@code null} (the default) is
   *                           {@code <java.io.tmpdir>/phalanx-parallel-cds-<user.name>}
   */
  public ParallelConfig setClassDataDirectory(String classDataDirectory) {
    this.classDataDirectory = nullOrNonBlank("classDataDirectory", classDataDirectory, "the default folder");
    return this;
  }

  // ---------------------------------------------------------------- supervision, round two

  public int getRetriesOnCrash() {
    return retriesOnCrash;
  }

  /**
   * Sets how often a task whose worker died under it is tried again: a task that was running, or waiting in the
   * child behind the running one (prefetched), when its worker crashed (an exit, a protocol error, or
   * {@link #setHeartbeatTimeout unresponsive}). It goes to another live worker where there is one, else to the first
   * worker that is up again. Tasks waiting in the crashed worker's mailbox never ran: those that may be retried move to
   * other workers without using a retry, whatever {@link #setRedispatchOnCrash} says; a new one sent while every
   * worker is down waits for the first that is up again, instead of failing with 503. A task that was running on
   * {@link #setPoisonThreshold poisonThreshold} dying workers fails with {@link PoisonTaskException} instead (422).
   * <p>
   * Only the application knows whether a task may run twice (it may have had effects before its worker died), so
   * retries are off by default. A request may lower this for itself ({@link TaskOptions#setRetriesOnCrash}, the
   * {@value EventBusHeaders#RETRIES} header), never raise it: this is the ceiling.
   *
   * @param retriesOnCrash at least 0 (default {@value #DEFAULT_RETRIES_ON_CRASH})
   */
  public ParallelConfig setRetriesOnCrash(int retriesOnCrash) {
    this.retriesOnCrash = atLeast("retriesOnCrash", retriesOnCrash, 0);
    return this;
  }

  public int getPoisonThreshold() {
    return poisonThreshold;
  }

  /**
   * Sets on how many dying workers a task that may be retried may have been running before it counts as a poison
   * task: it then fails with {@link PoisonTaskException} (422), whose message names each worker and how it ended,
   * and is never sent to another worker. Only the task a worker was running counts, not those waiting behind it.
   * Without retries ({@link #setRetriesOnCrash} 0) a task runs once and fails with {@link WorkerCrashedException}.
   *
   * @param poisonThreshold at least 1 (default {@value #DEFAULT_POISON_THRESHOLD})
   */
  public ParallelConfig setPoisonThreshold(int poisonThreshold) {
    this.poisonThreshold = atLeast("poisonThreshold", poisonThreshold, 1);
    return this;
  }

  public long getHeartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * Sets how often each worker sends a {@code heartbeat} frame, from a thread of its own: a busy task never silences
   * it. A worker beats at least four times per {@link #setHeartbeatTimeout heartbeat timeout}: every interval, or
   * every quarter of the timeout when that is shorter. Workers do not beat while the timeout is 0.
   *
   * @param heartbeatInterval milliseconds, at least 1 (default {@value #DEFAULT_HEARTBEAT_INTERVAL})
   */
  public ParallelConfig setHeartbeatInterval(long heartbeatInterval) {
    this.heartbeatInterval = atLeast("heartbeatInterval", heartbeatInterval, 1);
    return this;
  }

  public long getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * Sets how long a worker may stay silent (no frame at all on its channel: heartbeats, answers, progress) before it
   * counts as unresponsive: a SIGSTOPped process, or a JVM stuck in a garbage collection or at a safepoint. It is then
   * killed and reported as a crash whose reason starts with {@code unresponsive} (its task fails with
   * {@link WorkerCrashedException}, or is retried, see {@link #setRetriesOnCrash}), and restarted like any crashed
   * worker. A long task that keeps its thread busy is never taken for a hung one: the heartbeat has a thread of its
   * own.
   *
   * @param heartbeatTimeout milliseconds, 0 for none (default {@value #DEFAULT_HEARTBEAT_TIMEOUT})
   */
  public ParallelConfig setHeartbeatTimeout(long heartbeatTimeout) {
    this.heartbeatTimeout = atLeast("heartbeatTimeout", heartbeatTimeout, 0);
    return this;
  }

  public long getStackDumpTimeout() {
    return stackDumpTimeout;
  }

  /**
   * Sets how long the pool may spend, before it kills a worker for a {@link #setTaskTimeout task timeout} or for being
   * {@link #setHeartbeatTimeout unresponsive}, learning where that worker's task is: it asks the worker for its task
   * thread's stack on the channel, and after half of this without an answer sends it SIGQUIT and reads the JVM's
   * thread dump from its output. The stack found becomes the stack trace of the {@link TaskTimeoutException} or
   * {@link WorkerCrashedException}. The kill never waits longer than this; a SIGSTOPped worker is killed at once.
   *
   * @param stackDumpTimeout milliseconds, 0 to kill at once without a stack (default
   *                         {@value #DEFAULT_STACK_DUMP_TIMEOUT})
   */
  public ParallelConfig setStackDumpTimeout(long stackDumpTimeout) {
    this.stackDumpTimeout = atLeast("stackDumpTimeout", stackDumpTimeout, 0);
    return this;
  }

  // ------------------------------------------------------------------------------- CPU, memory and pool size

  public int getWorkerNice() {
    return workerNice;
  }

  /**
   * Lowers the workers' CPU priority (Linux {@code nice}), so that the parent's event loops stay responsive while
   * the workers keep every core busy. Each worker is started as {@code setsid nice -n <workerNice> java ...} (an argv,
   * never a shell) and, since {@code setsid} gives each worker a scheduling autogroup of its own where the kernel
   * has autogroups, the worker gives its autogroup the same nice value: a process's nice only weighs against the
   * processes of its own autogroup. Processes a task starts inherit it. Where there is no {@code nice} command the
   * setting is ignored with a warning.
   *
   * @param workerNice 0 (the parent's priority) to 19 (the lowest) (default {@value #DEFAULT_WORKER_NICE})
   */
  public ParallelConfig setWorkerNice(int workerNice) {
    if (workerNice < 0 || workerNice > 19) {
      throw new IllegalArgumentException("workerNice must be between 0 and 19, was " + workerNice);
    }
    this.workerNice = workerNice;
    return this;
  }

  public long getMaxWorkerRss() {
    return maxWorkerRss;
  }

  /**
   * Sets a resident-memory ceiling per worker: after each task the parent reads the worker's resident set
   * ({@code VmRSS} of {@code /proc/<pid>/status}), which covers what the heap ceiling misses (direct buffers, native
   * libraries, thread stacks, metaspace), and a worker over the ceiling is replaced by a fresh process the way
   * {@link #setMaxTasksPerWorker} replaces it: it finishes the tasks already handed to it, its waiting tasks run in
   * the new process, no task fails. Linux only (elsewhere nothing is read and nothing is recycled).
   *
   * @param maxWorkerRss bytes, 0 for none (default {@value #DEFAULT_MAX_WORKER_RSS})
   */
  public ParallelConfig setMaxWorkerRss(long maxWorkerRss) {
    if (maxWorkerRss < 0) {
      throw new IllegalArgumentException("maxWorkerRss must be 0 (none) or positive, was " + maxWorkerRss);
    }
    this.maxWorkerRss = maxWorkerRss;
    return this;
  }

  public long getMaxPoolMemory() {
    return maxPoolMemory;
  }

  /**
   * Sets a resident-memory budget for the whole pool. The pool reads every worker's resident set once a second (off
   * its event loop); while their sum is over the budget, the largest idle worker is replaced by a fresh process, one
   * per reading (a busy one, when none is idle, once its tasks are done), and the {@code LEAST_MAILBOX} dispatcher
   * gives a task, among equally loaded workers, to the one with the smallest resident set. Linux only.
   *
   * @param maxPoolMemory bytes, 0 for none (default {@value #DEFAULT_MAX_POOL_MEMORY})
   */
  public ParallelConfig setMaxPoolMemory(long maxPoolMemory) {
    if (maxPoolMemory < 0) {
      throw new IllegalArgumentException("maxPoolMemory must be 0 (none) or positive, was " + maxPoolMemory);
    }
    this.maxPoolMemory = maxPoolMemory;
    return this;
  }

  public int getMinAgents() {
    return minAgents;
  }

  /**
   * Sets the smallest size of an elastic pool: workers idle for {@link #setIdleTimeout the idle timeout} stop, down
   * to this many. A pool is elastic when its smallest size is below its largest; with neither set it keeps
   * {@link #setAgents agents} workers. {@code agents} is the size the pool starts with (brought within the bounds),
   * and the default of either bound left unset. The supervisor refuses to start when the smallest size exceeds the
   * largest.
   *
   * @param minAgents at least 1, or 0 for {@code agents} (default {@value #DEFAULT_MIN_AGENTS})
   */
  public ParallelConfig setMinAgents(int minAgents) {
    if (minAgents < 0) {
      throw new IllegalArgumentException("minAgents must be 0 (the same as agents) or positive, was " + minAgents);
    }
    this.minAgents = minAgents;
    return this;
  }

  public int getMaxAgents() {
    return maxAgents;
  }

  /**
   * Sets the largest size of an elastic pool: a new worker starts, one at a time, when every worker's mailbox holds
   * work (or a task finds no room), up to this many. It also sizes each worker's share of the cores (see
   * {@link #setJvmOptions}). {@code <address>.resize} and {@link Parallel#resize} move the size within
   * [{@code minAgents}, {@code maxAgents}].
   *
   * @param maxAgents at least 1, or 0 for {@code agents} (default {@value #DEFAULT_MAX_AGENTS})
   */
  public ParallelConfig setMaxAgents(int maxAgents) {
    if (maxAgents < 0) {
      throw new IllegalArgumentException("maxAgents must be 0 (the same as agents) or positive, was " + maxAgents);
    }
    this.maxAgents = maxAgents;
    return this;
  }

  public long getIdleTimeout() {
    return idleTimeout;
  }

  /**
   * Sets how long a worker of an elastic pool may stay idle (nothing running, nothing waiting) before it stops,
   * while the pool is above {@link #setMinAgents its smallest size}. A fixed pool ignores it.
   *
   * @param idleTimeout milliseconds, 0 for never (default {@value #DEFAULT_IDLE_TIMEOUT})
   */
  public ParallelConfig setIdleTimeout(long idleTimeout) {
    if (idleTimeout < 0) {
      throw new IllegalArgumentException("idleTimeout must be 0 (never) or positive, was " + idleTimeout);
    }
    this.idleTimeout = idleTimeout;
    return this;
  }

  @Override
  public String toString() {
    return "ParallelConfig" + toJson().encode();
  }
}
