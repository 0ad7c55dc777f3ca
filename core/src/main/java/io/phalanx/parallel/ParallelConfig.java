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
  /** The default frame size limit: 64 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
  /**
   * The default options of each worker JVM: a 512 MiB heap ceiling with the serial collector (a worker runs one task
   * at a time, so a parallel collector only competes with the other workers for cores), exit on out-of-memory (the
   * supervisor sees a crash and restarts the worker instead of a half-broken JVM serving on), and no perf-data file.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
    "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

  private int agents = DEFAULT_AGENTS;
  private int mailboxLimit = DEFAULT_MAILBOX_LIMIT;
  private DispatchStrategy dispatcher = DEFAULT_DISPATCHER;
  private SupervisorStrategy supervision = DEFAULT_SUPERVISION;
  private String address = DEFAULT_ADDRESS;
  private long startTimeout = DEFAULT_START_TIMEOUT;
  private long shutdownGracePeriod = DEFAULT_SHUTDOWN_GRACE_PERIOD;
  private long killGracePeriod = DEFAULT_KILL_GRACE_PERIOD;
  private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  private String javaCommand;
  private String classpath;
  private List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);

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
    this.javaCommand = other.javaCommand;
    this.classpath = other.classpath;
    this.jvmOptions = new ArrayList<>(other.jvmOptions);
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

  @Override
  public String toString() {
    return "ParallelConfig" + toJson().encode();
  }
}
