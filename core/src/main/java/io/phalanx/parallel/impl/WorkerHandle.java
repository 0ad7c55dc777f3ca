package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.RemoteThrowable;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker slot of the pool: its child process, its bounded mailbox and its state machine. A slot outlives its
 * processes: after a crash the pool may {@link #start()} it again, and the slot itself replaces its process after a
 * task timeout or when recycling, keeping its mailbox.
 * <p>
 * Confined to the supervisor's context: every method and every process event runs there, so nothing is locked.
 * Events of an earlier process of this slot (a late exit after a replacement) are recognized by their generation
 * and ignored. The state always changes before any callback runs, since a caller whose task failed may call straight
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
  /** The last lines a worker wrote, on stderr or as stray stdout lines, kept to explain a crash. */
  private static final int STDERR_TAIL_LINES = 20;
  /** The work, in expected run time, that prefetching puts in a child ahead of time. */
  static final long PREFETCH_BUDGET_NANOS = 1_000_000;
  /**
   * Prefetching stops while the frames a child holds pass this size, half of a Linux pipe's buffer: the frames the
   * parent writes directly then always fit in the pipe (see {@link JdkProcessLauncher.StdinWriter}).
   */
  static final long PREFETCH_MAX_BYTES = 32 * 1024;
  /** How long an exit may lag behind the end of stdout before a closed stdout counts as a crash of its own. */
  static final long STDOUT_END_GRACE_MS = 2_000;
  /** How long a crash report waits after the exit for the child's last stderr lines (the reason it died). */
  static final long STDERR_DRAIN_MS = 500;
  /** How long a stop waits for a killed process's exit to be reported before it stops waiting. */
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
  private final StderrTail stderrTail = new StderrTail(STDERR_TAIL_LINES);
  private final UnexitedProcesses unexited = new UnexitedProcesses();
  /** A lone task's caller is answered from the stdout reader's thread. */
  private final EarlyAnswers early;

  private WorkerState state = WorkerState.STOPPED;
  private long generation;
  private WorkerProcess process;
  private long pid = -1;
  /**
   * The tasks written to the current process, in the order it runs them: the first is running, the others wait in
   * the child (prefetched) so that it never idles between two tasks. Prefetched tasks count against the mailbox
   * limit: the worker still holds at most the running task plus {@code mailboxLimit} waiting ones.
   */
  private final ArrayDeque<PendingTask> sent = new ArrayDeque<>();
  /** At most this many tasks may wait in the child behind the running one. */
  private final int prefetch;
  /** How long a task of this worker takes, on average, from when it could start to its answer; -1 before any. */
  private long averageTaskNanos = -1;
  private long lastAnswerNanos;
  /** The bytes of the frames of {@link #sent}: what the child may not have read yet. */
  private long sentBytes;
  private boolean replacing;
  private long startTimer = -1;
  private long taskTimer = -1;
  private boolean stderrEnded;
  private Integer exitStatus;
  private Promise<Void> startPromise;
  private Promise<Void> stopPromise;
  private Future<Void> stopped;
  private long tasksDone;
  private long processTasksDone;
  private long lastHeapUsed = -1;
  private String lastCrashReason;
  private int restarts;
  private int processes;

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
    this.early = new EarlyAnswers(codec, config.getMaxFrameBytes() + 1);
    // recycling on a heap ceiling is decided after each response, when a prefetched task would already be running
    this.prefetch = config.getMaxWorkerHeap() > 0 ? 0 : Math.min(config.getPrefetch(), config.getMailboxLimit());
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
    return mailbox.size() + prefetched();
  }

  private int prefetched() {
    return Math.max(0, sent.size() - 1);
  }

  boolean isRunningTask() {
    return !sent.isEmpty();
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
      .put("prefetched", prefetched())
      .put("running", !sent.isEmpty())
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
    stderrTail.clear();
    process = null;
    pid = -1;
    processTasksDone = 0;
    stderrEnded = false;
    exitStatus = null;
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
        track(gen, ar.result(), null);
        ar.result().kill(true);
      }
      return;
    }
    if (ar.failed()) {
      crash("cannot be started: '" + command.executable() + "' could not be executed (" + ar.cause() + ")");
      return;
    }
    attach(gen, ar.result());
  }

  private void attach(long gen, WorkerProcess started) {
    process = started;
    pid = started.pid();
    started.tapStdout(early.newTap());
    track(gen, started, new StreamHandlers(gen));
  }

  /**
   * Installs the process's handlers: its exit is always recorded; its output is handled while it is this slot's
   * current process ({@code handlers} is null for a process that is stale on arrival).
   */
  private void track(long gen, WorkerProcess started, StreamHandlers handlers) {
    unexited.started(started);
    StreamHandlers active = handlers != null ? handlers : new StreamHandlers(-1);
    started.handlers(active::stdout, active::stdoutEnd, active::stderr, active::stderrEnd, status -> {
      unexited.exited(started);
      if (gen == generation && handlers != null) {
        onExit(gen, status);
      }
    });
  }

  /** Splits one process's output into lines and passes them on while that process is current. */
  private final class StreamHandlers {
    private final long gen;
    private final LineSplitter stdoutLines;
    private final LineSplitter stderrLines;

    StreamHandlers(long gen) {
      this.gen = gen;
      this.stdoutLines = new LineSplitter(config.getMaxFrameBytes() + 1, (bytes, offset, length) -> {
        if (gen == generation) {
          onStdoutLine(bytes, offset, length);
        }
      }, () -> {
        if (gen == generation) {
          protocolError("sent a line longer than the frame size limit of " + config.getMaxFrameBytes() + " bytes");
        }
      });
      this.stderrLines = new LineSplitter(64 * 1024, (bytes, offset, length) -> {
        if (gen == generation && length > 0) {
          onStderrLine(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
      }, () -> {
        // an overlong stderr line is only logging: drop it
      });
    }

    void stdout(byte[] chunk) {
      stdoutLines.feed(chunk);
    }

    void stderr(byte[] chunk) {
      stderrLines.feed(chunk);
    }

    void stdoutEnd(Void v) {
      if (gen == generation) {
        onStdoutEnd(gen);
      }
    }

    void stderrEnd(Void v) {
      if (gen == generation) {
        // a last line without a newline still counts: it is often the reason of a crash
        stderrLines.end();
        onStderrEnd();
      }
    }
  }

  /**
   * Stops the worker: queued tasks fail with {@link PoolUnavailableException}, the running task finishes, then the
   * child gets {@code shutdown} (and its stdin closes), SIGTERM after the shutdown grace period and SIGKILL after
   * the kill grace period.
   *
   * @return completes when the child has exited
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
        if (process != null) {
          process.kill(true);
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
        if (sent.isEmpty()) {
          sendShutdown();
        }
      }
      case DRAINING -> {
      }
    }
    return stopped;
  }

  private void sendShutdown() {
    retire(process, generation, () -> state == WorkerState.DRAINING);
  }

  /**
   * Asks a process to exit: {@code shutdown}, stdin closed, SIGTERM after the shutdown grace period, SIGKILL after
   * the kill grace period, for as long as {@code stillWaiting} holds.
   */
  private void retire(WorkerProcess old, long gen, java.util.function.BooleanSupplier stillWaiting) {
    askToExit(old);
    clock.setTimer(config.getShutdownGracePeriod(), v -> {
      if (gen == generation && stillWaiting.getAsBoolean()) {
        LOG.log(System.Logger.Level.WARNING, describe() + " did not exit within " + config.getShutdownGracePeriod()
          + " ms of shutdown: sending SIGTERM");
        old.kill(false);
        clock.setTimer(config.getKillGracePeriod(), w -> {
          if (gen == generation && stillWaiting.getAsBoolean()) {
            LOG.log(System.Logger.Level.WARNING, describe() + " ignored SIGTERM: sending SIGKILL");
            old.kill(true);
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
    WorkerProcess old = process;
    clock.cancelTimer(taskTimer);
    requeueUnstarted();
    replacing = true;
    LOG.log(System.Logger.Level.INFO, describe() + " (pid " + pid + ") is replaced: " + reason);
    start();
    if (old != null) {
      if (graceful) {
        retireStale(old);
      } else {
        old.kill(true);
      }
    }
    listener.replacing(this, reason);
  }

  /** Retires a process this slot no longer listens to; its exit is not awaited, only enforced. */
  private void retireStale(WorkerProcess old) {
    askToExit(old);
    clock.setTimer(config.getShutdownGracePeriod() + config.getKillGracePeriod(), v -> old.kill(true));
  }

  /** {@code shutdown}, then stdin closed: the child finishes what it runs and exits. */
  private void askToExit(WorkerProcess target) {
    try {
      target.write(codec.encode(ShutdownFrame.INSTANCE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    target.closeStdin();
  }

  // ------------------------------------------------------------------------------------------------ tasks

  /**
   * @return whether tasks may be put into the mailbox: the worker is live, or is replacing its process
   */
  boolean isAccepting() {
    return exitStatus == null && (state.isLive() || (state == WorkerState.STARTING && replacing));
  }

  @Override
  public boolean canAccept() {
    return isAccepting() && (canSendNow() || queued() < mailbox.limit());
  }

  boolean holds(PendingTask task) {
    return sent.contains(task) || mailbox.contains(task);
  }

  @Override
  public int load() {
    return mailbox.size() + sent.size();
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
    if (sent.size() > prefetchDepth()) {
      return false;
    }
    if (!sent.isEmpty() && sentBytes > PREFETCH_MAX_BYTES) {
      // a child that stops reading (a long GC pause) must never leave the parent blocked on a full pipe
      return false;
    }
    // a process due for recycling gets no task it would not run
    return config.getMaxTasksPerWorker() <= 0 || processTasksDone + sent.size() < config.getMaxTasksPerWorker();
  }

  /**
   * How many tasks to keep waiting in the child: as many as it runs in about {@link #PREFETCH_BUDGET_NANOS}, at least
   * one and at most {@code prefetch}. Tiny tasks then travel in batches (fewer wake-ups, fewer system calls per task),
   * while long tasks are handed over one at a time and stay free to go to whichever worker frees up first.
   */
  private int prefetchDepth() {
    if (prefetch <= 1) {
      return prefetch;
    }
    if (averageTaskNanos < 0) {
      // nothing known yet: the first tasks may be long ones
      return 1;
    }
    long depth = PREFETCH_BUDGET_NANOS / Math.max(1, averageTaskNanos);
    return (int) Math.max(1, Math.min(prefetch, depth));
  }

  private void measure(PendingTask answered) {
    long now = clock.nanos();
    // the task could start once it was sent and the one before it had answered
    long sample = now - Math.max(answered.sentAtNanos(), lastAnswerNanos);
    lastAnswerNanos = now;
    averageTaskNanos = averageTaskNanos < 0 ? sample : (averageTaskNanos * 7 + sample) / 8;
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
    java.util.function.Consumer<JsonNode> earlySuccess = task.earlySuccess();
    if (earlySuccess != null && sent.isEmpty()) {
      early.expect(task.id(), earlySuccess);
    }
    sent.addLast(task);
    sentBytes += task.frame().length;
    state = WorkerState.PROCESSING;
    process.write(task.frame());
    if (sent.size() == 1) {
      headStarted();
    }
  }

  /**
   * The first of the sent tasks is now running in the child (as far as the parent can tell: the child starts it as
   * it answers the one before): its timeout, or the grace period of a cancellation it already had, runs from now.
   */
  private void headStarted() {
    PendingTask head = sent.peekFirst();
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
        if (gen == generation && sent.peekFirst() == head) {
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
    List<PendingTask> unstarted = takeAllSent();
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
    boolean first = true;
    for (PendingTask task : sent) {
      if (first) {
        first = false;
        continue;
      }
      task.fail(failure);
      writeCancel(task);
    }
  }

  private void writeCancel(PendingTask task) {
    try {
      process.write(codec.encode(new CancelFrame(task.id())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    if (!sent.contains(task)) {
      return task.gone();
    }
    task.fail(cancelled);
    writeCancel(task);
    if (sent.peekFirst() == task) {
      armCancelGrace(task);
    }
    // a prefetched task leaves when the child answers that it dropped it
    return task.gone();
  }

  /** Kills the process if the running task {@code task}, cancelled, is still running after the grace period. */
  private void armCancelGrace(PendingTask task) {
    long gen = generation;
    clock.setTimer(config.getCancelGracePeriod(), v -> {
      if (gen == generation && sent.peekFirst() == task) {
        unsend(task);
        String why = "killed after " + task.taskClass() + " ignored its cancellation for "
          + config.getCancelGracePeriod() + " ms";
        if (state == WorkerState.DRAINING) {
          process.kill(true);
        } else {
          replace(false, why);
        }
        // the worker is replaced before anyone hears that the task is gone
        task.leave();
      }
    });
  }

  private void onTaskTimeout(PendingTask task) {
    unsend(task);
    String what = task.taskClass() + " ran past its timeout of " + task.timeout() + " ms";
    if (state == WorkerState.DRAINING) {
      // no replacement for a worker on its way out: its exit completes the stop
      process.kill(true);
      task.leave();
      task.fail(new TaskTimeoutException(what + " in " + describe() + "; the worker was killed"));
      return;
    }
    replace(false, "killed after " + what);
    task.leave();
    task.fail(new TaskTimeoutException(what + " in " + describe() + "; the worker was killed and restarts"));
  }

  // ------------------------------------------------------------------------------------------------ child events

  private void onStdoutLine(byte[] bytes, int offset, int length) {
    if (!FrameCodec.isFrameLine(bytes, offset, length)) {
      if (length > 0) {
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        stderrTail.add(text);
        LOG.log(System.Logger.Level.INFO, "[" + id + " stdout] " + text);
      }
      return;
    }
    Frame frame;
    try {
      frame = codec.decode(bytes, offset, length);
    } catch (ProtocolException e) {
      protocolError(e.getMessage());
      return;
    }
    if (frame instanceof TaskResponseFrame response) {
      onResponse(response);
    } else if (frame instanceof ReadyFrame ready) {
      onReady(ready);
    } else if (frame instanceof ProgressFrame progress) {
      PendingTask running = sent.peekFirst();
      if (running == null || running.id() != progress.id()) {
        protocolError("sent progress for task " + progress.id() + ", which it is not running");
        return;
      }
      running.progress((JsonNode) progress.payload());
    } else if (frame instanceof ServiceCallFrame call) {
      onServiceCall(call);
    } else {
      protocolError("sent a '" + frame.type() + "' frame, which only the parent sends");
    }
  }

  /** Passes a call to a parent service on; the response goes back to this process only, if it is still current. */
  private void onServiceCall(ServiceCallFrame call) {
    long gen = generation;
    WorkerProcess caller = process;
    services.handle(id, call, response -> {
      if (gen == generation && caller == process && caller != null) {
        caller.write(ParentServiceBridge.encode(codec, response));
      }
    });
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

  private void onResponse(TaskResponseFrame response) {
    PendingTask task = sent.peekFirst();
    if (task == null || task.id() != response.id()) {
      onOutOfTurnResponse(response);
      return;
    }
    clock.cancelTimer(taskTimer);
    unsend(task);
    measure(task);
    task.leave();
    tasksDone++;
    processTasksDone++;
    lastHeapUsed = response.heapUsed();
    headStarted();
    boolean draining = state == WorkerState.DRAINING;
    String recycle = draining ? null : recycleReason();
    if (draining) {
      // stays DRAINING
    } else if (recycle != null) {
      replace(true, recycle);
    } else {
      state = sent.isEmpty() ? WorkerState.IDLE : WorkerState.PROCESSING;
    }
    if (response.ok()) {
      task.succeed((JsonNode) response.result());
    } else {
      task.fail(RemoteFailures.toException(task.taskClass(), describe(), response.error()));
    }
    if (draining) {
      if (sent.isEmpty()) {
        sendShutdown();
      }
    } else {
      pump();
    }
  }

  /**
   * The child runs its tasks in order, so only a prefetched task it dropped on a cancel (answered at once, before
   * the running one) may be answered out of turn.
   */
  private void onOutOfTurnResponse(TaskResponseFrame response) {
    PendingTask dropped = null;
    for (PendingTask task : sent) {
      if (task.id() == response.id()) {
        dropped = task;
        break;
      }
    }
    if (dropped == null || !dropped.isDone()) {
      protocolError("answered task " + response.id() + ", which it is not running");
      return;
    }
    unsend(dropped);
    dropped.leave();
    if (state == WorkerState.DRAINING) {
      if (sent.isEmpty()) {
        sendShutdown();
      }
    } else {
      if (sent.isEmpty()) {
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

  private void onStderrLine(String line) {
    stderrTail.add(line);
    LOG.log(System.Logger.Level.INFO, "[" + id + " stderr] " + line);
  }

  private void onStdoutEnd(long gen) {
    // a child closes its stdout when it exits, and the exit event follows: only a stdout that stays closed
    // without an exit is a crash of its own
    clock.setTimer(STDOUT_END_GRACE_MS, v -> {
      if (gen == generation && state != WorkerState.CRASHED && state != WorkerState.STOPPED) {
        crash("closed its stdout");
      }
    });
  }

  private void onStderrEnd() {
    stderrEnded = true;
    if (exitStatus != null) {
      exited(exitStatus);
    }
  }

  /**
   * A JVM that dies says why on stderr (out of memory, a fatal error), and those lines may arrive after the exit:
   * the exit is acted upon once stderr has ended, or after a short wait for it.
   */
  private void onExit(long gen, int status) {
    exitStatus = status;
    if (stderrEnded) {
      exited(status);
    } else {
      clock.setTimer(STDERR_DRAIN_MS, v -> {
        if (gen == generation) {
          exited(status);
        }
      });
    }
  }

  private void exited(int status) {
    switch (state) {
      case DRAINING -> {
        generation++;
        state = WorkerState.STOPPED;
        failInFlight(new WorkerCrashedException(describe() + (pid > 0 ? " (pid " + pid + ")" : "")
          + " exited with " + ExitStatus.describe(status) + " while draining" + stderrTail.describe()));
        stopPromise.tryComplete();
      }
      case STARTING -> crash(startExitReason(status));
      case IDLE, PROCESSING -> crash("exited unexpectedly with " + ExitStatus.describe(status));
      default -> {
      }
    }
  }

  private String startExitReason(int status) {
    if (stderrTail.contains("Could not find or load main class " + WorkerCommand.MAIN_CLASS)) {
      return "cannot be started: the worker main class " + WorkerCommand.MAIN_CLASS + " is not on the worker class "
        + "path; add phalanx-parallel-worker and its dependencies (ParallelConfig.setClasspath), class path was '"
        + command.classpath() + "'";
    }
    return "exited with " + ExitStatus.describe(status) + " before sending its ready frame";
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
    WorkerProcess dead = process;
    if (dead != null) {
      dead.kill(true);
    }
    String message = describe() + (pid > 0 ? " (pid " + pid + ")" : "") + " " + reason + stderrTail.describe();
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

  private void unsend(PendingTask task) {
    if (sent.remove(task)) {
      sentBytes -= task.frame().length;
      early.forget(task.id());
    }
  }

  private List<PendingTask> takeAllSent() {
    List<PendingTask> all = new ArrayList<>(sent);
    all.forEach(task -> early.forget(task.id()));
    sent.clear();
    sentBytes = 0;
    return all;
  }

  private void failInFlight(ParallelException failure) {
    List<PendingTask> held = takeAllSent();
    for (PendingTask task : held) {
      task.leave();
      task.fail(failure);
    }
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
