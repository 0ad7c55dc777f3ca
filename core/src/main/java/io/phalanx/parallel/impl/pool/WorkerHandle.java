package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.Clock;
import io.phalanx.parallel.impl.channel.ProcessLauncher;
import io.phalanx.parallel.impl.services.ServiceCallHandler;
import io.phalanx.parallel.protocol.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One worker slot of the pool, as the pool and its dispatcher see it: an id, a bounded mailbox that takes tasks, a
 * child process, stats. A slot outlives its processes: after a crash the pool may {@link #start()} it again, and the
 * slot itself replaces its process after a task timeout or when recycling, keeping its mailbox.
 * <p>
 * Four parts do the work: the slot's state machine ({@link SlotLifecycle}), its tasks and their bookkeeping
 * ({@link SlotTasks}, {@link InFlightTasks}), the channel to its current process ({@link io.phalanx.parallel.impl.channel.WorkerChannel}) and the report
 * of a crash ({@link CrashReport}). Confined to the supervisor's context: nothing is locked.
 */
public final class WorkerHandle implements DispatchTarget {

  /** What the pool hears from its workers. */
  interface Listener {

    /**
     * A process of this worker sent {@code ready}.
     *
     * @param replacement whether it replaces a process that was recycled or killed after a task timeout (rather
     *                    than a first start or a restart after a crash)
     */
    void ready(WorkerHandle worker, boolean replacement);

    /**
     * The worker crashed. Its running task has failed with {@code failure}; the tasks that were waiting in its
     * mailbox are handed over to fail or to move to other workers.
     */
    void crashed(WorkerHandle worker, String reason, WorkerCrashedException failure, List<PendingTask> queued);

    /** The worker is replacing its process (recycling or a task timeout); its mailbox waits for the new one. */
    void replacing(WorkerHandle worker, String reason);

    /**
     * After {@link #crashed}: the tasks that were written to the dead process and may be tried again, each with its
     * attempt recorded. Without a pool to try them again, they fail with the crash.
     */
    default void retry(WorkerHandle worker, List<PendingTask> tasks, WorkerCrashedException failure) {
      for (PendingTask task : tasks) {
        task.leave();
        task.fail(failure);
      }
    }
  }

  private final int index;
  private final String id;
  private final String poolAddress;
  private final SlotLifecycle lifecycle;
  private final SlotTasks tasks;
  private int restarts;
  private final RestartTracker restartTracker;
  /** The pending restart after a crash, -1 when none. */
  private long restartTimer = -1;
  /** An elastic pool shrinks by this slot: it takes no new task, runs those it holds, then exits. */
  private boolean retiring;
  /** Whether the dispatcher weighs this worker's resident memory: the pool has a memory budget. */
  private final boolean weighsMemory;

  WorkerHandle(int index, String poolAddress, ParallelConfig config, WorkerCommand command, ProcessLauncher launcher,
               Clock clock, FrameCodec codec, Listener listener) {
    this(index, poolAddress, config, command, launcher, clock, codec, listener, ResidentMemory.NONE);
  }

  /**
   * @param memory where the resident memory is read after each task when {@code maxWorkerRss} is set
   */
  WorkerHandle(int index, String poolAddress, ParallelConfig config, WorkerCommand command, ProcessLauncher launcher,
               Clock clock, FrameCodec codec, Listener listener, ResidentMemory memory) {
    this.index = index;
    this.id = "worker-" + index;
    this.poolAddress = poolAddress;
    this.lifecycle = new SlotLifecycle(this, poolAddress, config, command, launcher, clock, codec, listener);
    this.tasks = lifecycle.tasks();
    this.tasks.recycling().memory(memory);
    this.restartTracker = new RestartTracker(config.getMaxRestarts(), config.getRestartWindow(),
      config.getRestartResetAfter());
    this.weighsMemory = config.getMaxPoolMemory() > 0;
  }

  int index() {
    return index;
  }

  String id() {
    return id;
  }

  WorkerState state() {
    return lifecycle.state();
  }

  long pid() {
    return lifecycle.pid();
  }

  long tasksDone() {
    return tasks.tasksDone();
  }

  /** Tasks waiting: in the mailbox, or prefetched into the child behind the running one. */
  int queued() {
    return tasks.queued();
  }

  boolean isRunningTask() {
    return tasks.isRunningTask();
  }

  String lastCrashReason() {
    return lifecycle.lastCrashReason();
  }

  long lastHeapUsed() {
    return tasks.lastHeapUsed();
  }

  int restarts() {
    return restarts;
  }

  void countRestart() {
    restarts++;
  }

  RestartTracker restartTracker() {
    return restartTracker;
  }

  long restartTimer() {
    return restartTimer;
  }

  void restartTimer(long id) {
    restartTimer = id;
  }

  // ------------------------------------------------------------------------------------------------ pool size

  boolean isRetiring() {
    return retiring;
  }

  /**
   * Starts or ends this slot's retirement: while retiring it takes no new task (the dispatcher skips it, its own
   * address answers 503) and keeps running those it holds.
   */
  void retiring(boolean retiring) {
    this.retiring = retiring;
  }

  /** The tasks waiting in the mailbox, for the pool to move to other workers; none remain. */
  List<PendingTask> takeQueued() {
    return tasks.takeQueued();
  }

  /** Takes back a task of its own that no other worker had room for, even while retiring. */
  boolean keep(PendingTask task) {
    return tasks.enqueue(task);
  }

  /** Every task the slot holds, running, written ahead to its process or waiting. */
  List<PendingTask> held() {
    return tasks.held();
  }

  // ------------------------------------------------------------------------------------------------ memory

  /** The resident set of the current process last read, in bytes; -1 while unknown. */
  long rss() {
    return tasks.recycling().rss();
  }

  /** A reading of the pool's memory budget. */
  void rss(long bytes) {
    tasks.recycling().rss(bytes);
  }

  @Override
  public long footprint() {
    return weighsMemory ? Math.max(0, rss()) : 0;
  }

  /** Whether the current process is already to be replaced for its memory. */
  boolean isRecycleDue() {
    return tasks.recycling().isDue();
  }

  /**
   * Replaces the current process by a fresh one for the pool's memory budget: now if it holds no task, otherwise
   * once the tasks written to it have run (it is sent nothing more meanwhile).
   */
  void recycle(String reason) {
    tasks.recycling().recycleWhenIdle(reason);
    tasks.pump();
  }

  /** Where this worker's calls to parent services go; the pool sets it before starting. */
  WorkerHandle services(ServiceCallHandler services) {
    lifecycle.services(services);
    return this;
  }

  /** "worker-0 of pool 'phalanx.parallel'", the way every message names a worker. */
  String describe() {
    return id + " of pool '" + poolAddress + "'";
  }

  JsonObject stats() {
    WorkerState state = lifecycle.state();
    long pid = lifecycle.pid();
    JsonObject json = new JsonObject()
      .put("id", id)
      .put("index", index)
      .put("state", state.name())
      .put("pid", pid > 0 && state != WorkerState.CRASHED && state != WorkerState.STOPPED ? pid : null)
      .put("queued", queued())
      .put("prefetched", tasks.prefetched())
      .put("running", tasks.isRunningTask())
      .put("tasksDone", tasks.tasksDone())
      .put("restarts", restarts)
      .put("processes", lifecycle.processes())
      .put("live", isAccepting())
      .put("retiring", retiring);
    if (rss() >= 0) {
      json.put("rss", rss());
    }
    if (tasks.lastHeapUsed() >= 0) {
      json.put("heapUsed", tasks.lastHeapUsed());
    }
    if (lifecycle.lastCrashReason() != null) {
      json.put("lastCrash", lifecycle.lastCrashReason());
    }
    return json;
  }

  /**
   * Spawns a new process for this slot.
   *
   * @return completes when the worker sent {@code ready}; fails with {@link WorkerCrashedException} saying why not
   */
  Future<Void> start() {
    return lifecycle.start();
  }

  /**
   * Stops the worker: queued tasks fail with {@link io.phalanx.parallel.PoolUnavailableException}; the child gets
   * {@code shutdown} at once and finishes its running task; SIGTERM follows after the shutdown grace period and
   * SIGKILL after the kill grace period, so a stop is bounded whatever the task does.
   *
   * @return completes when the child, and every process of its group, has exited
   */
  Future<Void> stop() {
    return lifecycle.stop();
  }

  /**
   * @return whether tasks may be put into the mailbox: the worker is live, or is replacing its process
   */
  public boolean isAccepting() {
    return !retiring && lifecycle.isAccepting();
  }

  @Override
  public boolean canAccept() {
    return isAccepting() && tasks.hasRoom();
  }

  boolean holds(PendingTask task) {
    return tasks.holds(task);
  }

  @Override
  public int load() {
    return tasks.load();
  }

  /**
   * @return whether the worker took the task; {@code false} when it is not accepting or its mailbox is full
   */
  boolean enqueue(PendingTask task) {
    if (!isAccepting() || !tasks.enqueue(task)) {
      return false;
    }
    if (task.span != null) {
      task.span.worker(id);
    }
    return true;
  }

  /**
   * Takes a task moved from a crashed worker, at the front of the mailbox even when it is full (the pool accepted it
   * long ago); only while {@link #isAccepting()}.
   */
  void requeue(PendingTask task) {
    tasks.requeue(task);
  }

  /** @see SlotTasks#cancel */
  Future<Void> cancel(PendingTask task) {
    return tasks.cancel(task);
  }
}
