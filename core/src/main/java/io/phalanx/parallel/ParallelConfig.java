package io.phalanx.parallel;

import io.phalanx.parallel.protocol.FrameCodec;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of a worker pool: how many workers, how tasks are queued and dispatched, and how each worker JVM
 * is started. Pass it to {@link SupervisorVerticle#SupervisorVerticle(ParallelConfig)}, or its {@link #toJson() JSON
 * form} as the deployment's config.
 * <p>
 * Setters validate their argument and throw {@link IllegalArgumentException} with a message naming the value.
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
   * The default options of each worker JVM: a 512 MiB heap ceiling and a 16 MiB initial heap (the JVM's default
   * initial heap is a 64th of the machine's memory, and start-up garbage stays resident in it until a first collection
   * that an idle worker never makes: 78 MiB PSS per idle worker against 54 with {@code -Xms16m}), the serial collector
   * (a worker runs one task at a time, so a parallel collector only competes with the other workers for cores), exit
   * on out-of-memory (the supervisor sees a crash and restarts the worker instead of a half-broken JVM serving on), and
   * no perf-data file.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
    "-Xms16m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

  private int agents = DEFAULT_AGENTS;
  private int mailboxLimit = DEFAULT_MAILBOX_LIMIT;
  private DispatchStrategy dispatcher = DEFAULT_DISPATCHER;
  private SupervisorStrategy supervision = DEFAULT_SUPERVISION;
  private String address = DEFAULT_ADDRESS;
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
  private long serviceCallTimeout = DEFAULT_SERVICE_CALL_TIMEOUT;
  private int maxServiceCallsInFlight = DEFAULT_MAX_SERVICE_CALLS_IN_FLIGHT;
  private long announceInterval = DEFAULT_ANNOUNCE_INTERVAL;
  private long nodeLossTimeout = DEFAULT_NODE_LOSS_TIMEOUT;
  private String javaCommand;
  private String classpath;
  private List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
  private boolean classDataSharing = DEFAULT_CLASS_DATA_SHARING;
  private String classDataDirectory;
  // CPU, memory and size that fit the machine (issue 20, items 4 to 6)
  private int workerNice = DEFAULT_WORKER_NICE;
  private long maxWorkerRss = DEFAULT_MAX_WORKER_RSS;
  private long maxPoolMemory = DEFAULT_MAX_POOL_MEMORY;
  private int minAgents = DEFAULT_MIN_AGENTS;
  private int maxAgents = DEFAULT_MAX_AGENTS;
  private long idleTimeout = DEFAULT_IDLE_TIMEOUT;

  public ParallelConfig() {
  }

  public ParallelConfig(ParallelConfig other) {
    this.agents = other.agents;
    this.mailboxLimit = other.mailboxLimit;
    this.dispatcher = other.dispatcher;
    this.supervision = other.supervision;
    this.address = other.address;
    this.startTimeout = other.startTimeout;
    this.shutdownGracePeriod = other.shutdownGracePeriod;
    this.killGracePeriod = other.killGracePeriod;
    this.maxFrameBytes = other.maxFrameBytes;
    this.taskTimeout = other.taskTimeout;
    this.maxTasksPerWorker = other.maxTasksPerWorker;
    this.prefetch = other.prefetch;
    this.maxWorkerHeap = other.maxWorkerHeap;
    this.maxRestarts = other.maxRestarts;
    this.restartWindow = other.restartWindow;
    this.restartInitialDelay = other.restartInitialDelay;
    this.restartMaxDelay = other.restartMaxDelay;
    this.restartMultiplier = other.restartMultiplier;
    this.restartResetAfter = other.restartResetAfter;
    this.redispatchOnCrash = other.redispatchOnCrash;
    this.cancelGracePeriod = other.cancelGracePeriod;
    this.taskAllowlist = other.taskAllowlist;
    this.allowedTaskPackages = new ArrayList<>(other.allowedTaskPackages);
    this.serviceBundles = new ArrayList<>(other.serviceBundles);
    this.serviceCallTimeout = other.serviceCallTimeout;
    this.maxServiceCallsInFlight = other.maxServiceCallsInFlight;
    this.announceInterval = other.announceInterval;
    this.nodeLossTimeout = other.nodeLossTimeout;
    this.javaCommand = other.javaCommand;
    this.classpath = other.classpath;
    this.jvmOptions = new ArrayList<>(other.jvmOptions);
    this.classDataSharing = other.classDataSharing;
    this.classDataDirectory = other.classDataDirectory;
    this.workerNice = other.workerNice;
    this.maxWorkerRss = other.maxWorkerRss;
    this.maxPoolMemory = other.maxPoolMemory;
    this.minAgents = other.minAgents;
    this.maxAgents = other.maxAgents;
    this.idleTimeout = other.idleTimeout;
  }

  public ParallelConfig(JsonObject json) {
    this();
    ParallelConfigConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ParallelConfigConverter.toJson(this, json);
    return json;
  }

  /**
   * @return 4 workers, mailbox 100, {@link DispatchStrategy#LEAST_MAILBOX}, {@link SupervisorStrategy#RESTART_ON_CRASH}
   */
  public static ParallelConfig defaults() {
    return new ParallelConfig();
  }

  /**
   * @return the defaults with one worker
   */
  public static ParallelConfig singleWorker() {
    return new ParallelConfig().setAgents(1);
  }

  /**
   * @return the defaults with one worker per available processor
   */
  public static ParallelConfig cpuBound() {
    return new ParallelConfig().setAgents(Runtime.getRuntime().availableProcessors());
  }

  public int getAgents() {
    return agents;
  }

  /**
   * @param agents the number of worker JVMs, at least 1 (default {@value #DEFAULT_AGENTS})
   */
  public ParallelConfig setAgents(int agents) {
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be at least 1, was " + agents);
    }
    this.agents = agents;
    return this;
  }

  public int getMailboxLimit() {
    return mailboxLimit;
  }

  /**
   * Sets how many tasks may wait in one worker's mailbox. The task the worker is running does not count: a worker
   * holds at most {@code mailboxLimit + 1} tasks. With 0, a worker takes a task only when it is idle.
   *
   * @param mailboxLimit at least 0 (default {@value #DEFAULT_MAILBOX_LIMIT})
   */
  public ParallelConfig setMailboxLimit(int mailboxLimit) {
    if (mailboxLimit < 0) {
      throw new IllegalArgumentException("mailboxLimit must be at least 0, was " + mailboxLimit);
    }
    this.mailboxLimit = mailboxLimit;
    return this;
  }

  public DispatchStrategy getDispatcher() {
    return dispatcher;
  }

  /**
   * @param dispatcher how a task sent to the pool address finds its worker (default {@code LEAST_MAILBOX})
   */
  public ParallelConfig setDispatcher(DispatchStrategy dispatcher) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
    return this;
  }

  public SupervisorStrategy getSupervision() {
    return supervision;
  }

  /**
   * @param supervision what happens when a worker crashes (default {@code RESTART_ON_CRASH})
   */
  public ParallelConfig setSupervision(SupervisorStrategy supervision) {
    this.supervision = Objects.requireNonNull(supervision, "supervision must not be null");
    return this;
  }

  public String getAddress() {
    return address;
  }

  /**
   * @param address the pool's event-bus address (default {@value #DEFAULT_ADDRESS}); worker {@code n} also listens
   *                on {@code <address>.worker.<n>}
   */
  public ParallelConfig setAddress(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank, was " + (address == null ? "null" : "'" + address + "'"));
    }
    this.address = address;
    return this;
  }

  public long getStartTimeout() {
    return startTimeout;
  }

  /**
   * @param startTimeout milliseconds a worker JVM has from spawn to its {@code ready} frame, at least 1 (default
   *                     {@value #DEFAULT_START_TIMEOUT})
   */
  public ParallelConfig setStartTimeout(long startTimeout) {
    if (startTimeout < 1) {
      throw new IllegalArgumentException("startTimeout must be at least 1 ms, was " + startTimeout);
    }
    this.startTimeout = startTimeout;
    return this;
  }

  public long getShutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  /**
   * @param shutdownGracePeriod milliseconds a draining worker has, once sent {@code shutdown}, to exit before it gets
   *                            SIGTERM, at least 1 (default {@value #DEFAULT_SHUTDOWN_GRACE_PERIOD})
   */
  public ParallelConfig setShutdownGracePeriod(long shutdownGracePeriod) {
    if (shutdownGracePeriod < 1) {
      throw new IllegalArgumentException("shutdownGracePeriod must be at least 1 ms, was " + shutdownGracePeriod);
    }
    this.shutdownGracePeriod = shutdownGracePeriod;
    return this;
  }

  public long getKillGracePeriod() {
    return killGracePeriod;
  }

  /**
   * @param killGracePeriod milliseconds a worker has, once sent SIGTERM, to exit before it gets SIGKILL, at least 1
   *                        (default {@value #DEFAULT_KILL_GRACE_PERIOD})
   */
  public ParallelConfig setKillGracePeriod(long killGracePeriod) {
    if (killGracePeriod < 1) {
      throw new IllegalArgumentException("killGracePeriod must be at least 1 ms, was " + killGracePeriod);
    }
    this.killGracePeriod = killGracePeriod;
    return this;
  }

  public int getMaxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * Sets the largest frame either side may send: a task whose arguments exceed it is refused with
   * {@link InvalidTaskException}, a result that exceeds it fails the task with {@link TaskFailedException}.
   *
   * @param maxFrameBytes at least 1024 (default 64 MiB)
   */
  public ParallelConfig setMaxFrameBytes(int maxFrameBytes) {
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
    return this;
  }

  public long getTaskTimeout() {
    return taskTimeout;
  }

  /**
   * Sets how long a task may run. The clock starts when the task is handed to its worker (time waiting in the
   * mailbox does not count). On expiry the worker is killed, the task fails with {@link TaskTimeoutException} and the
   * worker restarts at once; its waiting tasks stay in its mailbox and run in the new process. A timeout kill does
   * not count towards the restart limit. A request can override it ({@link TaskOptions#setTimeout}).
   *
   * @param taskTimeout milliseconds, 0 for none (default {@value #DEFAULT_TASK_TIMEOUT})
   */
  public ParallelConfig setTaskTimeout(long taskTimeout) {
    if (taskTimeout < 0) {
      throw new IllegalArgumentException("taskTimeout must be 0 (none) or positive, was " + taskTimeout);
    }
    this.taskTimeout = taskTimeout;
    return this;
  }

  public int getMaxTasksPerWorker() {
    return maxTasksPerWorker;
  }

  /**
   * Sets after how many tasks a worker process is replaced by a fresh one (to bound leaks in task code). The worker
   * finishes its task first; waiting tasks run in the new process; no task fails because of it.
   *
   * @param maxTasksPerWorker 0 for never (default {@value #DEFAULT_MAX_TASKS_PER_WORKER})
   */
  public ParallelConfig setMaxTasksPerWorker(int maxTasksPerWorker) {
    if (maxTasksPerWorker < 0) {
      throw new IllegalArgumentException("maxTasksPerWorker must be 0 (never) or positive, was " + maxTasksPerWorker);
    }
    this.maxTasksPerWorker = maxTasksPerWorker;
    return this;
  }

  public int getPrefetch() {
    return prefetch;
  }

  /**
   * Sets the most tasks of a worker's mailbox written to its process ahead of time, while it still runs the task
   * before them, so that it starts the next one without waiting for a round trip through the parent. How many it
   * really gets follows the worker's measured task times: as many as it runs in about a millisecond, at least one
   * (one while nothing is measured yet), at most this. Long tasks are therefore handed over one at a time and stay
   * free to go to whichever worker frees up first, while tiny tasks travel in batches. A prefetched task still counts as waiting in the mailbox (the limit is unchanged) and runs in mailbox order; a
   * cancelled one is dropped by the worker without running; a drain fails it with the other waiting tasks; if the
   * worker crashes it fails with the running one, and if the worker is replaced (a timeout, a cancellation ignored,
   * recycling) it waits for the new process. Prefetching is off when {@link #setMaxWorkerHeap} is set, and never goes
   * past {@link #setMaxTasksPerWorker}.
   *
   * @param prefetch 0 to send a worker its next task only when it has answered the last (default
   *                 {@value #DEFAULT_PREFETCH})
   */
  public ParallelConfig setPrefetch(int prefetch) {
    if (prefetch < 0) {
      throw new IllegalArgumentException("prefetch must be 0 (off) or positive, was " + prefetch);
    }
    this.prefetch = prefetch;
    return this;
  }

  public long getMaxWorkerHeap() {
    return maxWorkerHeap;
  }

  /**
   * Sets a heap ceiling: a worker that reports more used heap than this after a task is replaced by a fresh process,
   * the same way as {@link #setMaxTasksPerWorker}.
   *
   * @param maxWorkerHeap bytes, 0 for none (default {@value #DEFAULT_MAX_WORKER_HEAP})
   */
  public ParallelConfig setMaxWorkerHeap(long maxWorkerHeap) {
    if (maxWorkerHeap < 0) {
      throw new IllegalArgumentException("maxWorkerHeap must be 0 (none) or positive, was " + maxWorkerHeap);
    }
    this.maxWorkerHeap = maxWorkerHeap;
    return this;
  }

  public int getMaxRestarts() {
    return maxRestarts;
  }

  /**
   * Sets the restart intensity limit: a worker that would be restarted more than this many times within
   * {@link #setRestartWindow the restart window} stays down instead (and the pool reports itself unhealthy).
   *
   * @param maxRestarts at least 0 (default {@value #DEFAULT_MAX_RESTARTS})
   */
  public ParallelConfig setMaxRestarts(int maxRestarts) {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be at least 0, was " + maxRestarts);
    }
    this.maxRestarts = maxRestarts;
    return this;
  }

  public long getRestartWindow() {
    return restartWindow;
  }

  /**
   * @param restartWindow milliseconds over which restarts are counted for {@link #setMaxRestarts}, at least 1
   *                      (default {@value #DEFAULT_RESTART_WINDOW})
   */
  public ParallelConfig setRestartWindow(long restartWindow) {
    if (restartWindow < 1) {
      throw new IllegalArgumentException("restartWindow must be at least 1 ms, was " + restartWindow);
    }
    this.restartWindow = restartWindow;
    return this;
  }

  public long getRestartInitialDelay() {
    return restartInitialDelay;
  }

  /**
   * @param restartInitialDelay milliseconds before the first restart of a crashed worker, at least 0 (default
   *                            {@value #DEFAULT_RESTART_INITIAL_DELAY}); see {@link RestartPolicy#exponentialBackoff}
   */
  public ParallelConfig setRestartInitialDelay(long restartInitialDelay) {
    if (restartInitialDelay < 0) {
      throw new IllegalArgumentException("restartInitialDelay must be at least 0 ms, was " + restartInitialDelay);
    }
    this.restartInitialDelay = restartInitialDelay;
    return this;
  }

  public long getRestartMaxDelay() {
    return restartMaxDelay;
  }

  /**
   * @param restartMaxDelay the longest delay between restarts in milliseconds, at least 0 (default
   *                        {@value #DEFAULT_RESTART_MAX_DELAY}); must not be below the initial delay when the pool
   *                        starts
   */
  public ParallelConfig setRestartMaxDelay(long restartMaxDelay) {
    if (restartMaxDelay < 0) {
      throw new IllegalArgumentException("restartMaxDelay must be at least 0 ms, was " + restartMaxDelay);
    }
    this.restartMaxDelay = restartMaxDelay;
    return this;
  }

  public double getRestartMultiplier() {
    return restartMultiplier;
  }

  /**
   * @param restartMultiplier how much the delay grows after each consecutive restart, at least 1 (default
   *                          {@value #DEFAULT_RESTART_MULTIPLIER})
   */
  public ParallelConfig setRestartMultiplier(double restartMultiplier) {
    if (!(restartMultiplier >= 1.0) || Double.isInfinite(restartMultiplier)) {
      throw new IllegalArgumentException("restartMultiplier must be a finite number of at least 1, was "
        + restartMultiplier);
    }
    this.restartMultiplier = restartMultiplier;
    return this;
  }

  public long getRestartResetAfter() {
    return restartResetAfter;
  }

  /**
   * @param restartResetAfter milliseconds a restarted worker must stay up for its next restart delay to start again
   *                          from the initial one, at least 1 (default {@value #DEFAULT_RESTART_RESET_AFTER})
   */
  public ParallelConfig setRestartResetAfter(long restartResetAfter) {
    if (restartResetAfter < 1) {
      throw new IllegalArgumentException("restartResetAfter must be at least 1 ms, was " + restartResetAfter);
    }
    this.restartResetAfter = restartResetAfter;
    return this;
  }

  public boolean isRedispatchOnCrash() {
    return redispatchOnCrash;
  }

  /**
   * Sets what happens to the tasks waiting in a crashed worker's mailbox: by default they fail with
   * {@link WorkerCrashedException} like the task it was running; with {@code true} they move to other live workers
   * (those that find no room fail as before). The running task fails in both cases: it may have had effects.
   *
   * @param redispatchOnCrash default {@code false}
   */
  public ParallelConfig setRedispatchOnCrash(boolean redispatchOnCrash) {
    this.redispatchOnCrash = redispatchOnCrash;
    return this;
  }

  public long getCancelGracePeriod() {
    return cancelGracePeriod;
  }

  /**
   * Sets how long a cancelled running task has to notice ({@code TaskScope.isCancelled()}, or the interrupt of its
   * thread) and stop. Past it, its worker is killed and replaced like after a task timeout.
   *
   * @param cancelGracePeriod milliseconds, at least 1 (default {@value #DEFAULT_CANCEL_GRACE_PERIOD})
   */
  public ParallelConfig setCancelGracePeriod(long cancelGracePeriod) {
    if (cancelGracePeriod < 1) {
      throw new IllegalArgumentException("cancelGracePeriod must be at least 1 ms, was " + cancelGracePeriod);
    }
    this.cancelGracePeriod = cancelGracePeriod;
    return this;
  }

  public long getAnnounceInterval() {
    return announceInterval;
  }

  /**
   * Sets how often the pool announces its spare capacity on {@code <address>.capacity} when Vert.x is clustered (it
   * also announces at once when a worker comes or goes, or when it fills up or gets room again). Clients route by
   * these announcements and take them as the node's heartbeat; without clustering nothing is announced.
   *
   * @param announceInterval milliseconds, at least 10 (default {@value #DEFAULT_ANNOUNCE_INTERVAL})
   */
  public ParallelConfig setAnnounceInterval(long announceInterval) {
    if (announceInterval < 10) {
      throw new IllegalArgumentException("announceInterval must be at least 10 ms, was " + announceInterval);
    }
    this.announceInterval = announceInterval;
    return this;
  }

  public long getNodeLossTimeout() {
    return nodeLossTimeout;
  }

  /**
   * Sets how long clients wait without an announcement from this node before they count it as lost: they stop
   * routing to it and fail the tasks they have on it with {@link WorkerCrashedException} (502). It travels in each
   * announcement, so clients need no setting of their own. It must exceed {@link #setAnnounceInterval the interval}
   * (the supervisor refuses to start otherwise); a few intervals leave room for a late announcement, and a node that
   * stalls longer (a long GC pause) is counted as lost although it may still finish its tasks.
   *
   * @param nodeLossTimeout milliseconds, at least 20 (default {@value #DEFAULT_NODE_LOSS_TIMEOUT})
   */
  public ParallelConfig setNodeLossTimeout(long nodeLossTimeout) {
    if (nodeLossTimeout < 20) {
      throw new IllegalArgumentException("nodeLossTimeout must be at least 20 ms, was " + nodeLossTimeout);
    }
    this.nodeLossTimeout = nodeLossTimeout;
    return this;
  }

  public List<String> getServiceBundles() {
    return serviceBundles;
  }

  /**
   * Sets the service bundles of the pool: classes implementing {@link ServiceBundle} with a public no-arg
   * constructor, named by their binary class name ({@code MyBundle.class.getName()}). The supervisor loads them when
   * it starts, builds their local services and binds their parent services; each worker JVM loads them too. A name
   * that is not a loadable {@code ServiceBundle} fails the deployment with {@link IllegalArgumentException}.
   *
   * @param serviceBundles class names, none blank (default none)
   */
  public ParallelConfig setServiceBundles(List<String> serviceBundles) {
    Objects.requireNonNull(serviceBundles, "serviceBundles must not be null");
    for (String bundle : serviceBundles) {
      if (bundle == null || bundle.isBlank()) {
        throw new IllegalArgumentException("serviceBundles must not hold blank class names, was " + serviceBundles);
      }
    }
    this.serviceBundles = new ArrayList<>(serviceBundles);
    return this;
  }

  /**
   * Adds one service bundle.
   *
   * @param serviceBundle the class name of a {@link ServiceBundle}
   */
  public ParallelConfig addServiceBundle(String serviceBundle) {
    if (serviceBundle == null || serviceBundle.isBlank()) {
      throw new IllegalArgumentException("a service bundle class name must not be blank, was " + serviceBundle);
    }
    serviceBundles.add(serviceBundle);
    return this;
  }

  public long getServiceCallTimeout() {
    return serviceCallTimeout;
  }

  /**
   * Sets how long a call from a task to a parent service may take, from the moment the parent sends it on its event
   * bus to the reply. Past it the call fails in the task with a {@code ServiceException} of code
   * {@link ServiceFailureCodes#TIMEOUT} (504). The worker gives up on its own a little later should the parent's
   * answer get lost.
   *
   * @param serviceCallTimeout milliseconds, at least 1 (default {@value #DEFAULT_SERVICE_CALL_TIMEOUT})
   */
  public ParallelConfig setServiceCallTimeout(long serviceCallTimeout) {
    if (serviceCallTimeout < 1) {
      throw new IllegalArgumentException("serviceCallTimeout must be at least 1 ms, was " + serviceCallTimeout);
    }
    this.serviceCallTimeout = serviceCallTimeout;
    return this;
  }

  public int getMaxServiceCallsInFlight() {
    return maxServiceCallsInFlight;
  }

  /**
   * Bounds the calls to parent services one worker may have in flight (sent and not yet answered). A call past the
   * bound is refused at once: the task's proxy fails with a {@code ServiceException} of code
   * {@link ServiceFailureCodes#TOO_MANY_CALLS} (429). The bound keeps what a worker's calls hold in the parent small,
   * however many its tasks start.
   *
   * @param maxServiceCallsInFlight at least 1 (default {@value #DEFAULT_MAX_SERVICE_CALLS_IN_FLIGHT})
   */
  public ParallelConfig setMaxServiceCallsInFlight(int maxServiceCallsInFlight) {
    if (maxServiceCallsInFlight < 1) {
      throw new IllegalArgumentException("maxServiceCallsInFlight must be at least 1, was "
        + maxServiceCallsInFlight);
    }
    this.maxServiceCallsInFlight = maxServiceCallsInFlight;
    return this;
  }

  public TaskAllowlist getTaskAllowlist() {
    return taskAllowlist;
  }

  /**
   * Sets which classes a request may name as its task. Every mode allows only classes implementing {@link Task};
   * {@link TaskAllowlist#INDEX} allows only the classes of the task index the {@code phalanx-parallel-codegen}
   * processor writes, {@link TaskAllowlist#PACKAGES} only classes in {@link #setAllowedTaskPackages the allowed
   * packages}. The supervisor and every worker check it; a refused request fails with {@link InvalidTaskException}
   * (400) and nothing of the class is loaded.
   *
   * @param taskAllowlist default {@code ANY_TASK}
   */
  public ParallelConfig setTaskAllowlist(TaskAllowlist taskAllowlist) {
    this.taskAllowlist = Objects.requireNonNull(taskAllowlist, "taskAllowlist must not be null");
    return this;
  }

  public List<String> getAllowedTaskPackages() {
    return allowedTaskPackages;
  }

  /**
   * @param allowedTaskPackages for {@link TaskAllowlist#PACKAGES}: the packages whose classes (subpackages included)
   *                            may be tasks, for example {@code com.acme.tasks}
   */
  public ParallelConfig setAllowedTaskPackages(List<String> allowedTaskPackages) {
    Objects.requireNonNull(allowedTaskPackages, "allowedTaskPackages must not be null");
    for (String allowed : allowedTaskPackages) {
      if (allowed == null || allowed.isBlank() || allowed.endsWith(".")) {
        throw new IllegalArgumentException("allowedTaskPackages must hold package names, was " + allowedTaskPackages);
      }
    }
    this.allowedTaskPackages = new ArrayList<>(allowedTaskPackages);
    return this;
  }

  public String getJavaCommand() {
    return javaCommand;
  }

  /**
   * @param javaCommand the {@code java} executable of the worker JVMs; {@code null} (the default) uses the parent's
   *                    own ({@code java.home}/bin/java)
   */
  public ParallelConfig setJavaCommand(String javaCommand) {
    if (javaCommand != null && javaCommand.isBlank()) {
      throw new IllegalArgumentException("javaCommand must be null (the parent's java) or a path, was '" + javaCommand + "'");
    }
    this.javaCommand = javaCommand;
    return this;
  }

  public String getClasspath() {
    return classpath;
  }

  /**
   * @param classpath the class path of the worker JVMs; it must hold the worker runtime
   *                  ({@code phalanx-parallel-worker} and its dependencies) and the task classes. {@code null} (the
   *                  default) uses the parent's own class path
   */
  public ParallelConfig setClasspath(String classpath) {
    if (classpath != null && classpath.isBlank()) {
      throw new IllegalArgumentException("classpath must be null (the parent's class path) or a class path, was '"
        + classpath + "'");
    }
    this.classpath = classpath;
    return this;
  }

  public List<String> getJvmOptions() {
    return jvmOptions;
  }

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
    Objects.requireNonNull(jvmOptions, "jvmOptions must not be null");
    for (String option : jvmOptions) {
      if (option == null || option.isBlank()) {
        throw new IllegalArgumentException("jvmOptions must not hold blank options, was " + jvmOptions);
      }
    }
    this.jvmOptions = new ArrayList<>(jvmOptions);
    return this;
  }

  /**
   * Adds one option to the worker JVMs' options.
   */
  public ParallelConfig addJvmOption(String jvmOption) {
    if (jvmOption == null || jvmOption.isBlank()) {
      throw new IllegalArgumentException("a JVM option must not be blank, was " + jvmOption);
    }
    jvmOptions.add(jvmOption);
    return this;
  }

  public boolean isClassDataSharing() {
    return classDataSharing;
  }

  /**
   * Starts workers from a class-data-sharing archive, which roughly halves their start-up time and makes the JDK's
   * and the libraries' classes shared memory between them. The first pool of a given worker command trains the
   * archive in the background with one extra short-lived JVM (a dynamic AppCDS archive up to JDK 24, the AOT cache
   * from JDK 25 on) and workers started after that use it; later pools find it at once. The archive needs a worker
   * class path made of jars only: with a folder in it (such as {@code target/classes}) workers start without one.
   *
   * @param classDataSharing default {@code true}
   */
  public ParallelConfig setClassDataSharing(boolean classDataSharing) {
    this.classDataSharing = classDataSharing;
    return this;
  }

  public String getClassDataDirectory() {
    return classDataDirectory;
  }

  /**
   * @param classDataDirectory where the class-data-sharing archives are kept; {@code null} (the default) is
   *                           {@code <java.io.tmpdir>/phalanx-parallel-cds-<user.name>}
   */
  public ParallelConfig setClassDataDirectory(String classDataDirectory) {
    if (classDataDirectory != null && classDataDirectory.isBlank()) {
      throw new IllegalArgumentException("classDataDirectory must be null (the default folder) or a folder, was '"
        + classDataDirectory + "'");
    }
    this.classDataDirectory = classDataDirectory;
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
