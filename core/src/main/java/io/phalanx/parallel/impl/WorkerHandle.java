package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PayloadTooLargeException;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.ServiceFailureCodes;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.channel.ProcessLauncher;
import io.phalanx.parallel.impl.channel.WorkerProcess;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One worker slot of the pool: its child process, its bounded mailbox and its state machine. A slot outlives its
 * processes: after a crash the pool may {@link #start()} it again, and the slot itself replaces its process after a
 * task timeout or when recycling, keeping its mailbox. What a process says reaches the slot through its
 * {@link WorkerChannel}; the tasks written to it are kept in {@link InFlightTasks}; a crash is explained by its
 * {@link CrashReport}.
 * <p>
 * Confined to the supervisor's context: every method and every process event runs there, so nothing is locked.
 * Events of an earlier process of this slot (a late exit after a replacement) come through an earlier channel and are
 * ignored. The state always changes before any callback runs, since a caller whose task failed may call straight
 * back into the pool.
 */
final class WorkerHandle implements DispatchTarget {

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
  }

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.worker");
  /** How long a stop waits for a killed process's end to be reported before it stops waiting. */
  static final long EXIT_REPORT_GRACE_MS = 5_000;

  private final int index;
  private final String id;
  private final String poolAddress;
  private final ParallelConfig config;
  private final WorkerCommand command;
  private final ProcessLauncher launcher;
  private final Clock clock;
  private final FrameCodec codec;
  private final Listener listener;
  private ServiceCallHandler services = ServiceCallHandler.REFUSE_ALL;
  private final Mailbox mailbox;
  private final UnexitedProcesses unexited = new UnexitedProcesses();
  private final InFlightTasks inFlight;

  private WorkerState state = WorkerState.STOPPED;
  private long generation;
  /** The current process's channel; {@code null} before its process arrived. */
  private WorkerChannel channel;
  private CrashReport report;
  private long pid = -1;
  private boolean replacing;
  /** Set when a drain ran out of patience and signalled the process: a task it still held fails with 503. */
  private String drainKill;
  private long startTimer = -1;
  private long taskTimer = -1;
  private Promise<Void> startPromise;
  private Promise<Void> stopPromise;
  private Future<Void> stopped;
  private long tasksDone;
  private long processTasksDone;
  private long lastHeapUsed = -1;
  private String lastCrashReason;
  private int restarts;
  private int processes;
  private int serviceCallsInFlight;

  WorkerHandle(int index, String poolAddress, ParallelConfig config, WorkerCommand command, ProcessLauncher launcher,
               Clock clock, FrameCodec codec, Listener listener) {
    this.index = index;
    this.id = "worker-" + index;
    this.poolAddress = poolAddress;
    this.config = config;
    this.command = command;
    this.launcher = launcher;
    this.clock = clock;
    this.codec = codec;
    this.listener = listener;
    this.mailbox = new Mailbox(config.getMailboxLimit());
    this.report = new CrashReport(id);
    // recycling on a heap ceiling is decided after each response, when a prefetched task would already be running
    this.inFlight = new InFlightTasks(config.getMaxWorkerHeap() > 0 ? 0
      : Math.min(config.getPrefetch(), config.getMailboxLimit()));
  }

  int index() {
    return index;
  }

  String id() {
    return id;
  }

  WorkerState state() {
    return state;
  }

  long pid() {
    return pid;
  }

  long tasksDone() {
    return tasksDone;
  }

  /** Tasks waiting: in the mailbox, or prefetched into the child behind the running one. */
  int queued() {
    return mailbox.size() + inFlight.prefetched();
  }

  boolean isRunningTask() {
    return !inFlight.isEmpty();
  }

  String lastCrashReason() {
    return lastCrashReason;
  }

  long lastHeapUsed() {
    return lastHeapUsed;
  }

  int restarts() {
    return restarts;
  }

  void countRestart() {
    restarts++;
  }

  /** Where this worker's calls to parent services go; the pool sets it before starting. */
  void services(ServiceCallHandler services) {
    this.services = services;
  }

  /** "worker-0 of pool 'phalanx.parallel'", the way every message names a worker. */
  String describe() {
    return id + " of pool '" + poolAddress + "'";
  }

  JsonObject stats() {
    JsonObject json = new JsonObject()
      .put("id", id)
      .put("index", index)
      .put("state", state.name())
      .put("pid", pid > 0 && state != WorkerState.CRASHED && state != WorkerState.STOPPED ? pid : null)
      .put("queued", queued())
      .put("prefetched", inFlight.prefetched())
      .put("running", !inFlight.isEmpty())
      .put("tasksDone", tasksDone)
      .put("restarts", restarts)
      .put("processes", processes)
      .put("live", isAccepting());
    if (lastHeapUsed >= 0) {
      json.put("heapUsed", lastHeapUsed);
    }
    if (lastCrashReason != null) {
      json.put("lastCrash", lastCrashReason);
    }
    return json;
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /**
   * Spawns a new process for this slot.
   *
   * @return completes when the worker sent {@code ready}; fails with {@link WorkerCrashedException} saying why not
   */
  Future<Void> start() {
    long gen = ++generation;
    state = WorkerState.STARTING;
    report = new CrashReport(id);
    channel = null;
    pid = -1;
    processTasksDone = 0;
    drainKill = null;
    processes++;
    startPromise = Promise.promise();
    startTimer = clock.setTimer(config.getStartTimeout(), v -> {
      if (gen == generation && state == WorkerState.STARTING) {
        crash("sent no ready frame within the start timeout of " + config.getStartTimeout()
          + " ms (ParallelConfig.setStartTimeout)");
      }
    });
    Promise<Void> started = startPromise;
    String problem = command.problem();
    if (problem != null) {
      crash("cannot be started: " + problem);
      return started.future();
    }
    unexited.spawning(launcher.launch(command.executable(), command.arguments(id)).transform(ar -> {
      arrived(gen, ar);
      return Future.succeededFuture();
    }));
    return started.future();
  }

  private void arrived(long gen, AsyncResult<WorkerProcess> ar) {
    if (gen != generation || state != WorkerState.STARTING) {
      if (ar.succeeded()) {
        // a process nobody waits for any more: it goes at once, its end is still awaited by a stop
        WorkerProcess stale = ar.result();
        unexited.started(stale);
        stale.handlers((stream, line) -> { }, v -> { }, status -> unexited.exited(stale));
        ar.result().kill(true);
      }
      return;
    }
    if (ar.failed()) {
      crash("cannot be started: '" + command.executable() + "' could not be executed (" + ar.cause() + ")");
      return;
    }
    WorkerProcess process = ar.result();
    pid = process.pid();
    unexited.started(process);
    WorkerChannel joined = new WorkerChannel(process, codec, clock, address -> services.allows(address), report::line,
      () -> unexited.exited(process));
    channel = joined;
    joined.attach(new Events(joined));
  }

  /**
   * Stops the worker: queued tasks fail with {@link PoolUnavailableException}; the child gets {@code shutdown} at once
   * and finishes its running task; SIGTERM follows after the shutdown grace period and SIGKILL after the kill grace
   * period, so a stop is bounded whatever the task does.
   *
   * @return completes when the child, and every process of its group, has exited
   */
  Future<Void> stop() {
    if (stopped != null) {
      return stopped;
    }
    stopPromise = Promise.promise();
    stopped = stopPromise.future().compose(v -> unexited.killAndAwait(clock, EXIT_REPORT_GRACE_MS, describe()));
    PoolUnavailableException draining = new PoolUnavailableException("pool '" + poolAddress + "' is draining: "
      + id + " takes no new tasks");
    switch (state) {
      case STOPPED, CRASHED -> {
        generation++;
        state = WorkerState.STOPPED;
        failQueued(draining);
        stopPromise.complete();
      }
      case STARTING -> {
        state = WorkerState.DRAINING;
        replacing = false;
        failQueued(draining);
        failStart(new PoolUnavailableException(describe() + " was stopped while starting"));
        if (channel != null) {
          channel.process().kill(true);
        } else {
          // nothing spawned yet, or the spawn is under way: it is killed when it arrives, and the stop waits for it
          generation++;
          state = WorkerState.STOPPED;
          stopPromise.complete();
        }
      }
      case IDLE, PROCESSING -> {
        state = WorkerState.DRAINING;
        failQueued(draining);
        dropPrefetched(draining);
        drain();
      }
      case DRAINING -> {
      }
    }
    return stopped;
  }

  /**
   * {@code shutdown} now, even while a task runs (the child finishes it, then exits); SIGTERM to the worker's group
   * after the shutdown grace period, SIGKILL after the kill grace period.
   */
  private void drain() {
    WorkerChannel draining = channel;
    long gen = generation;
    draining.sendShutdown();
    clock.setTimer(config.getShutdownGracePeriod(), v -> {
      if (gen == generation && state == WorkerState.DRAINING) {
        drainKill = "did not exit within the shutdown grace period of " + config.getShutdownGracePeriod()
          + " ms (ParallelConfig.setShutdownGracePeriod)";
        LOG.log(System.Logger.Level.WARNING, describe() + " " + drainKill + ": sending SIGTERM");
        draining.process().kill(false);
        clock.setTimer(config.getKillGracePeriod(), w -> {
          if (gen == generation && state == WorkerState.DRAINING) {
            drainKill = "ignored SIGTERM for the kill grace period of " + config.getKillGracePeriod()
              + " ms (ParallelConfig.setKillGracePeriod)";
            LOG.log(System.Logger.Level.WARNING, describe() + " " + drainKill + ": sending SIGKILL");
            draining.process().kill(true);
          }
        });
      }
    });
  }

  /**
   * Swaps the process for a fresh one, keeping the mailbox: after a task timeout (the old process is killed) or to
   * recycle (the old process is asked to exit and given its grace periods).
   */
  private void replace(boolean graceful, String reason) {
    WorkerChannel old = channel;
    clock.cancelTimer(taskTimer);
    requeueUnstarted();
    replacing = true;
    LOG.log(System.Logger.Level.INFO, describe() + " (pid " + pid + ") is replaced: " + reason);
    start();
    if (old != null) {
      if (graceful) {
        retireStale(old);
      } else {
        old.close();
        old.process().kill(true);
      }
    }
    listener.replacing(this, reason);
  }

  /** Retires a process this slot no longer listens to; its exit is not awaited, only enforced. */
  private void retireStale(WorkerChannel old) {
    old.sendShutdown();
    old.detach();
    clock.setTimer(config.getShutdownGracePeriod() + config.getKillGracePeriod(), v -> {
      old.close();
      old.process().kill(true);
    });
  }

  // ------------------------------------------------------------------------------------------------ tasks

  /**
   * @return whether tasks may be put into the mailbox: the worker is live, or is replacing its process
   */
  boolean isAccepting() {
    boolean exited = channel != null && channel.hasExited();
    return !exited && (state.isLive() || (state == WorkerState.STARTING && replacing));
  }

  @Override
  public boolean canAccept() {
    return isAccepting() && (canSendNow() || queued() < mailbox.limit());
  }

  boolean holds(PendingTask task) {
    return inFlight.contains(task) || mailbox.contains(task);
  }

  @Override
  public int load() {
    return mailbox.size() + inFlight.size();
  }

  /**
   * @return whether the worker took the task; {@code false} when it is not accepting or its mailbox is full
   */
  boolean enqueue(PendingTask task) {
    if (!isAccepting()) {
      return false;
    }
    if (canSendNow()) {
      send(task);
      return true;
    }
    return queued() < mailbox.limit() && mailbox.offer(task);
  }

  /** Whether the next task goes straight to the child: nothing waits before it and the child has room. */
  private boolean canSendNow() {
    return mailbox.size() == 0 && roomInChild();
  }

  private boolean roomInChild() {
    if (state != WorkerState.IDLE && state != WorkerState.PROCESSING) {
      return false;
    }
    // tasks wait in the mailbox, never in a write queue: a child that stops reading gets nothing more
    if (!channel.canSendTask() || !inFlight.hasRoom()) {
      return false;
    }
    // a process due for recycling gets no task it would not run
    return config.getMaxTasksPerWorker() <= 0 || processTasksDone + inFlight.size() < config.getMaxTasksPerWorker();
  }

  private void pump() {
    while (roomInChild()) {
      PendingTask next = mailbox.poll();
      if (next == null) {
        return;
      }
      send(next);
    }
  }

  private void send(PendingTask task) {
    task.sentAtNanos(clock.nanos());
    inFlight.add(task);
    state = WorkerState.PROCESSING;
    channel.sendTask(task.frame());
    if (inFlight.size() == 1) {
      headStarted();
    }
  }

  /**
   * The first of the sent tasks is now running in the child (as far as the parent can tell: the child starts it as
   * it answers the one before): its timeout, or the grace period of a cancellation it already had, runs from now.
   */
  private void headStarted() {
    PendingTask head = inFlight.head();
    if (head == null) {
      return;
    }
    // for the metrics a prefetched task is still waiting: it begins now
    head.sent();
    if (head.isDone()) {
      // cancelled (or dropped by a drain) while it waited in the child, which started it all the same
      armCancelGrace(head);
    } else if (head.timeout() > 0) {
      long gen = generation;
      taskTimer = clock.setTimer(head.timeout(), v -> {
        if (gen == generation && inFlight.head() == head) {
          onTaskTimeout(head);
        }
      });
    }
  }

  /**
   * Tasks prefetched into a process that is being replaced have not started (the process ran the task before them
   * until the end): they go back to the front of the mailbox and run on the new process.
   */
  private void requeueUnstarted() {
    List<PendingTask> unstarted = inFlight.takeAll();
    List<PendingTask> waiting = mailbox.drainAll();
    for (PendingTask task : unstarted) {
      if (task.isDone()) {
        task.leave();
      } else {
        mailbox.offer(task);
      }
    }
    waiting.forEach(mailbox::offer);
  }

  /** A drain fails the prefetched tasks like the mailbox's, and tells the child to drop them. */
  private void dropPrefetched(ParallelException failure) {
    for (PendingTask task : inFlight.behindHead()) {
      task.fail(failure);
      channel.sendCancel(task.id());
    }
  }

  /**
   * Cancels a task of this worker. A waiting task leaves the mailbox and never runs. A running task is told (its
   * {@code isCancelled()} turns true) and, if it has not finished after the cancel grace period, its process is
   * killed and replaced like after a timeout. The caller is answered with {@link TaskCancelledException} at once.
   *
   * @return completes when the task is neither waiting nor running any more
   */
  Future<Void> cancel(PendingTask task) {
    TaskCancelledException cancelled = new TaskCancelledException(task.taskClass() + " was cancelled ("
      + describe() + ")");
    if (mailbox.remove(task)) {
      task.leave();
      task.fail(cancelled);
      return task.gone();
    }
    if (!inFlight.contains(task)) {
      return task.gone();
    }
    task.fail(cancelled);
    channel.sendCancel(task.id());
    if (inFlight.head() == task) {
      armCancelGrace(task);
    }
    // a prefetched task leaves when the child answers that it dropped it
    return task.gone();
  }

  /** Kills the process if the running task {@code task}, cancelled, is still running after the grace period. */
  private void armCancelGrace(PendingTask task) {
    long gen = generation;
    clock.setTimer(config.getCancelGracePeriod(), v -> {
      if (gen == generation && inFlight.head() == task) {
        inFlight.remove(task);
        String why = "killed after " + task.taskClass() + " ignored its cancellation for "
          + config.getCancelGracePeriod() + " ms";
        if (state == WorkerState.DRAINING) {
          channel.process().kill(true);
        } else {
          replace(false, why);
        }
        // the worker is replaced before anyone hears that the task is gone
        task.leave();
      }
    });
  }

  private void onTaskTimeout(PendingTask task) {
    inFlight.remove(task);
    String what = task.taskClass() + " ran past its timeout of " + task.timeout() + " ms";
    if (state == WorkerState.DRAINING) {
      // no replacement for a worker on its way out: its exit completes the stop
      channel.process().kill(true);
      task.leave();
      task.fail(new TaskTimeoutException(what + " in " + describe() + "; the worker was killed"));
      return;
    }
    replace(false, "killed after " + what);
    task.leave();
    task.fail(new TaskTimeoutException(what + " in " + describe() + "; the worker was killed and restarts"));
  }

  // ------------------------------------------------------------------------------------------------ child events

  /** The events of one process; those of a process that is no longer this slot's are dropped. */
  private final class Events implements WorkerChannel.Listener {

    private final WorkerChannel source;

    Events(WorkerChannel source) {
      this.source = source;
    }

    private boolean current() {
      return source == channel && state != WorkerState.CRASHED && state != WorkerState.STOPPED;
    }

    @Override
    public void ready(ReadyFrame ready) {
      if (current()) {
        onReady(ready);
      }
    }

    @Override
    public void response(TaskResponseFrame response) {
      if (current()) {
        onResponse(response);
      }
    }

    @Override
    public void responseOverLimit(long taskId, String why) {
      if (current()) {
        onResponseOverLimit(taskId, why);
      }
    }

    @Override
    public void progress(ProgressFrame progress) {
      if (current()) {
        onProgress(progress);
      }
    }

    @Override
    public void serviceCall(ServiceCallFrame call) {
      if (current()) {
        onServiceCall(source, call);
      }
    }

    @Override
    public void broken(String why) {
      if (current()) {
        crash(why);
      }
    }

    @Override
    public void writable() {
      if (current()) {
        pump();
      }
    }

    @Override
    public void exited(int status) {
      if (source == channel) {
        WorkerHandle.this.exited(status);
      }
    }
  }

  private void onReady(ReadyFrame ready) {
    if (state != WorkerState.STARTING) {
      protocolError("sent a second ready frame");
      return;
    }
    if (ready.protocolVersion() != FrameCodec.PROTOCOL_VERSION) {
      protocolError("speaks protocol version " + ready.protocolVersion() + ", the parent "
        + FrameCodec.PROTOCOL_VERSION + " (mixed phalanx-parallel versions on the class path?)");
      return;
    }
    clock.cancelTimer(startTimer);
    pid = ready.pid();
    state = WorkerState.IDLE;
    boolean replacement = replacing;
    replacing = false;
    LOG.log(System.Logger.Level.DEBUG, () -> describe() + " ready, pid " + pid);
    startPromise.tryComplete();
    listener.ready(this, replacement);
    pump();
  }

  private void onProgress(ProgressFrame progress) {
    PendingTask running = inFlight.head();
    if (running == null || running.id() != progress.id()) {
      protocolError("sent progress for task " + progress.id() + ", which it is not running");
      return;
    }
    running.progress((JsonNode) progress.payload());
  }

  /**
   * Passes a call to a parent service on, within the bound of calls in flight; the response goes back to this
   * process only, if it is still current.
   */
  private void onServiceCall(WorkerChannel caller, ServiceCallFrame call) {
    if (serviceCallsInFlight >= config.getMaxServiceCallsInFlight()) {
      caller.send(ParentServiceBridge.encode(codec, ServiceResponseFrame.failure(call.id(),
        ServiceFailureCodes.TOO_MANY_CALLS, "refused: " + describe() + " has "
          + config.getMaxServiceCallsInFlight() + " calls to parent services in flight already "
          + "(ParallelConfig.setMaxServiceCallsInFlight)")));
      return;
    }
    serviceCallsInFlight++;
    services.handle(id, call, response -> {
      serviceCallsInFlight--;
      if (caller == channel) {
        caller.send(ParentServiceBridge.encode(codec, response));
      }
    });
  }

  private void onResponse(TaskResponseFrame response) {
    PendingTask task = inFlight.head();
    if (task == null || task.id() != response.id()) {
      onOutOfTurnResponse(response);
      return;
    }
    if (response.ok()) {
      answered(task, response.heapUsed(), () -> task.succeed((JsonNode) response.result()));
    } else {
      answered(task, response.heapUsed(),
        () -> task.fail(RemoteFailures.toException(task.taskClass(), describe(), response.error())));
    }
  }

  /** The running task's answer breaks a decoding limit: that task fails, the worker serves on. */
  private void onResponseOverLimit(long taskId, String why) {
    PendingTask task = inFlight.head();
    if (task == null || task.id() != taskId) {
      PendingTask dropped = inFlight.find(taskId);
      if (dropped != null && dropped.isDone()) {
        // a prefetched task the child dropped on a cancel: its answer does not matter
        onOutOfTurnResponse(TaskResponseFrame.success(taskId, null, -1));
        return;
      }
      protocolError("answered task " + taskId + ", which it is not running");
      return;
    }
    answered(task, lastHeapUsed, () -> task.fail(new PayloadTooLargeException("the answer of " + task.taskClass() + " in "
      + describe() + " breaks a limit of the protocol: " + why)));
  }

  /**
   * The running task answered: the next one starts, the process may be recycled, then the caller hears.
   *
   * @param heapUsed the child's used heap after the task, as its response reports it (-1 when it does not)
   */
  private void answered(PendingTask task, long heapUsed, Runnable tellCaller) {
    clock.cancelTimer(taskTimer);
    inFlight.remove(task);
    inFlight.measure(task, clock.nanos());
    task.leave();
    tasksDone++;
    processTasksDone++;
    lastHeapUsed = heapUsed;
    headStarted();
    boolean draining = state == WorkerState.DRAINING;
    String recycle = draining ? null : recycleReason();
    if (recycle != null) {
      replace(true, recycle);
    } else if (!draining) {
      state = inFlight.isEmpty() ? WorkerState.IDLE : WorkerState.PROCESSING;
    }
    tellCaller.run();
    if (!draining) {
      pump();
    }
  }

  /**
   * The child runs its tasks in order, so only a prefetched task it dropped on a cancel (answered at once, before
   * the running one) may be answered out of turn.
   */
  private void onOutOfTurnResponse(TaskResponseFrame response) {
    PendingTask dropped = inFlight.find(response.id());
    if (dropped == null || !dropped.isDone()) {
      protocolError("answered task " + response.id() + ", which it is not running");
      return;
    }
    inFlight.remove(dropped);
    dropped.leave();
    if (state != WorkerState.DRAINING) {
      if (inFlight.isEmpty()) {
        state = WorkerState.IDLE;
      }
      pump();
    }
  }

  private String recycleReason() {
    if (config.getMaxTasksPerWorker() > 0 && processTasksDone >= config.getMaxTasksPerWorker()) {
      return "recycled after " + processTasksDone + " tasks (ParallelConfig.setMaxTasksPerWorker)";
    }
    if (config.getMaxWorkerHeap() > 0 && lastHeapUsed > config.getMaxWorkerHeap()) {
      return "recycled with " + lastHeapUsed + " bytes of used heap, over the ceiling of "
        + config.getMaxWorkerHeap() + " (ParallelConfig.setMaxWorkerHeap)";
    }
    return null;
  }

  /** The current process exited; its last frames and lines have been handled. */
  private void exited(int status) {
    switch (state) {
      case DRAINING -> {
        generation++;
        state = WorkerState.STOPPED;
        String how = describe() + (pid > 0 ? " (pid " + pid + ")" : "");
        if (drainKill != null) {
          failInFlight(new PoolUnavailableException("pool '" + poolAddress + "' is draining: " + how + " "
            + drainKill + " and was killed while its task ran"));
        } else {
          failInFlight(new WorkerCrashedException(report.message(describe(), pid, "exited with "
            + ExitStatus.describe(status) + " while draining")));
        }
        stopPromise.tryComplete();
      }
      case STARTING -> crash(report.startExitReason(status, command));
      case IDLE, PROCESSING -> crash("exited unexpectedly with " + ExitStatus.describe(status));
      default -> {
      }
    }
  }

  private void protocolError(String detail) {
    crash("protocol error: " + detail);
  }

  // ------------------------------------------------------------------------------------------------ crash

  /**
   * Marks the worker crashed, makes sure its process is gone, fails the task it was running and hands its waiting
   * tasks to the pool.
   */
  private void crash(String reason) {
    if (state == WorkerState.CRASHED || state == WorkerState.STOPPED) {
      return;
    }
    boolean stopping = state == WorkerState.DRAINING;
    clock.cancelTimer(startTimer);
    clock.cancelTimer(taskTimer);
    generation++;
    WorkerChannel dead = channel;
    if (dead != null) {
      dead.close();
      dead.process().kill(true);
    }
    String message = report.message(describe(), pid, reason);
    lastCrashReason = reason;
    replacing = false;
    state = stopping ? WorkerState.STOPPED : WorkerState.CRASHED;
    WorkerCrashedException failure = new WorkerCrashedException(message);
    List<PendingTask> queued = mailbox.drainAll();
    failInFlight(failure);
    failStart(failure);
    if (stopping) {
      queued.forEach(task -> {
        task.leave();
        task.fail(failure);
      });
      stopPromise.tryComplete();
      return;
    }
    LOG.log(System.Logger.Level.WARNING, message);
    listener.crashed(this, reason, failure, queued);
  }

  private void failInFlight(ParallelException failure) {
    inFlight.failAll(failure);
  }

  private void failQueued(ParallelException failure) {
    List<PendingTask> queued = mailbox.drainAll();
    for (PendingTask task : queued) {
      task.leave();
      task.fail(failure);
    }
  }

  private void failStart(ParallelException failure) {
    if (startPromise != null) {
      startPromise.tryFail(failure);
    }
  }
}
