package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.Clock;
import io.phalanx.parallel.impl.channel.ExitStatus;
import io.phalanx.parallel.impl.channel.ProcessLauncher;
import io.phalanx.parallel.impl.channel.UnexitedProcesses;
import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.impl.channel.WorkerProcess;
import io.phalanx.parallel.impl.services.BoundedServiceCalls;
import io.phalanx.parallel.impl.services.ServiceCallHandler;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;
import java.util.function.Consumer;

/**
 * The state machine of a worker slot: how its processes come and go. It spawns a process and waits for its
 * {@code ready}, replaces it after a task timeout or to recycle it, drains it on a stop, and notices its crash; the
 * slot's tasks ({@link SlotTasks}) ask it for the process to write to. States: STARTING, IDLE, PROCESSING, DRAINING,
 * STOPPED, and CRASHED from any live state.
 * <p>
 * Confined to the supervisor's context. A process's events come through its {@link WorkerChannel}; a channel this
 * slot has left is closed or detached, and events of an earlier generation are ignored. The state always changes
 * before any callback runs, since a caller whose task failed may call straight back into the pool.
 */
final class SlotLifecycle implements TaskSlot {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.worker");
  /** How long a stop waits for a killed process's end to be reported before it stops waiting. */
  static final long EXIT_REPORT_GRACE_MS = 5_000;

  private final WorkerHandle owner;
  private final String id;
  private final String poolAddress;
  private final ParallelConfig config;
  private final WorkerCommand command;
  private final ProcessLauncher launcher;
  private final Clock clock;
  private final FrameCodec codec;
  private final WorkerHandle.Listener listener;
  private final BoundedServiceCalls services;
  private final UnexitedProcesses unexited = new UnexitedProcesses();
  private final SlotTasks tasks;
  private final SlotWatch watch;
  private final ArchiveFallback archive;

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
  private Promise<Void> startPromise;
  private Promise<Void> stopPromise;
  private Future<Void> stopped;
  private String lastCrashReason;
  private int processes;

  SlotLifecycle(WorkerHandle owner, String poolAddress, ParallelConfig config, WorkerCommand command,
                ProcessLauncher launcher, Clock clock, FrameCodec codec, WorkerHandle.Listener listener) {
    this.owner = owner;
    this.id = owner.id();
    this.poolAddress = poolAddress;
    this.config = config;
    this.command = command;
    this.launcher = launcher;
    this.clock = clock;
    this.codec = codec;
    this.listener = listener;
    this.report = newReport();
    this.services = new BoundedServiceCalls(id, owner.describe(), config.getMaxServiceCallsInFlight(), codec,
      () -> channel);
    this.tasks = new SlotTasks(config, clock, this);
    this.watch = new SlotWatch(this, tasks, config, clock, codec);
    this.archive = new ArchiveFallback(command);
  }

  SlotTasks tasks() {
    return tasks;
  }

  /** Where this worker's calls to parent services go. */
  void services(ServiceCallHandler handler) {
    services.handler(handler);
  }

  long pid() {
    return pid;
  }

  String lastCrashReason() {
    return lastCrashReason;
  }

  int processes() {
    return processes;
  }

  // ------------------------------------------------------------------------------------------------ TaskSlot

  @Override
  public WorkerState state() {
    return state;
  }

  @Override
  public void state(WorkerState next) {
    state = next;
  }

  @Override
  public WorkerChannel channel() {
    return channel;
  }

  @Override
  public long generation() {
    return generation;
  }

  @Override
  public String describe() {
    return owner.describe();
  }

  @Override
  public void killProcess() {
    channel.process().kill(true);
  }

  @Override
  public void killForTimeout(long taskId, String reason, Consumer<StackTraceElement[]> then) {
    watch.killForTimeout(taskId, reason, then);
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /**
   * Spawns a new process for this slot.
   *
   * @return completes when the worker sent {@code ready}; fails with {@link WorkerCrashedException} saying why not
   */
  Future<Void> start() {
    state = WorkerState.STARTING;
    tasks.processStarted();
    drainKill = null;
    startPromise = Promise.promise();
    Promise<Void> started = startPromise;
    launch(archive.start());
    return started.future();
  }

  /**
   * Spawns the slot's next process, with these class-data sharing options, and gives it the start timeout.
   */
  private void launch(List<String> sharing) {
    long gen = ++generation;
    report = newReport();
    channel = null;
    pid = -1;
    processes++;
    clock.cancelTimer(startTimer);
    startTimer = clock.setTimer(config.getStartTimeout(), v -> {
      if (gen == generation && state == WorkerState.STARTING) {
        crash("sent no ready frame within the start timeout of " + config.getStartTimeout()
          + " ms (ParallelConfig.setStartTimeout)", null);
      }
    });
    String problem = command.problem();
    if (problem != null) {
      crash("cannot be started: " + problem, null);
      return;
    }
    unexited.spawning(launcher.launch(command.executable(), command.arguments(id, sharing)).transform(ar -> {
      arrived(gen, ar);
      return Future.succeededFuture();
    }));
  }

  private CrashReport newReport() {
    return new CrashReport(id, new LogBudget(config.getWorkerLogLinesPerSecond(), System::nanoTime));
  }

  /** The process, started with a class-data archive, exited before it was ready: see {@link ArchiveFallback}. */
  private void startWithoutArchive(int status) {
    String why = report.message(describe(), pid, report.startExitReason(status, command));
    LOG.log(System.Logger.Level.WARNING, describe() + " is started again without the class-data archive it could not "
      + "start with (" + archive.describe() + "): " + why);
    channel.close();
    launch(archive.retry(why));
  }

  private void arrived(long gen, AsyncResult<WorkerProcess> ar) {
    if (gen != generation || state != WorkerState.STARTING) {
      if (ar.succeeded()) {
        unexited.discard(ar.result());
      }
      return;
    }
    if (ar.failed()) {
      crash("cannot be started: '" + command.executable() + "' could not be executed (" + ar.cause() + ")", null);
      return;
    }
    WorkerProcess process = ar.result();
    pid = process.pid();
    unexited.started(process);
    WorkerChannel joined = new WorkerChannel(process, codec, clock, services::allows, report::line,
      () -> unexited.exited(process));
    channel = joined;
    joined.attach(new SlotEvents(this, tasks, services));
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
        tasks.failQueued(draining);
        stopPromise.complete();
      }
      case STARTING -> {
        state = WorkerState.DRAINING;
        replacing = false;
        tasks.failQueued(draining);
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
        tasks.failQueued(draining);
        tasks.dropPrefetched(draining);
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
    long gen = generation;
    channel.leave(config.getShutdownGracePeriod(), config.getKillGracePeriod(),
      () -> gen == generation && state == WorkerState.DRAINING, (why, signal) -> {
        drainKill = why;
        LOG.log(System.Logger.Level.WARNING, describe() + " " + why + ": sending " + signal);
      });
  }

  /**
   * Swaps the process for a fresh one, keeping the mailbox: after a cancellation ignored (the old process is killed)
   * or to recycle (the old process is asked to exit and given its grace periods).
   */
  @Override
  public void replace(boolean graceful, String reason) {
    WorkerChannel old = swap(reason);
    if (old != null && graceful) {
      // a process the slot no longer listens to: its exit is not awaited, only enforced
      old.leave(config.getShutdownGracePeriod(), config.getKillGracePeriod(), () -> true, (why, signal) -> { });
      old.detach();
    } else if (old != null) {
      old.close();
      old.process().kill(true);
    }
  }

  /** Starts a fresh process, keeping the mailbox; @return the old process's channel, for the caller to end */
  WorkerChannel swap(String reason) {
    WorkerChannel old = channel;
    tasks.requeueUnstarted();
    replacing = true;
    watch.stop();
    LOG.log(System.Logger.Level.INFO, describe() + " (pid " + pid + ") is replaced: " + reason);
    start();
    listener.replacing(owner, reason);
    return old;
  }

  /**
   * @return whether tasks may be put into the mailbox: the worker is live, or is replacing its process
   */
  boolean isAccepting() {
    boolean exited = channel != null && channel.hasExited();
    return !exited && (state.isLive() || (state == WorkerState.STARTING && replacing));
  }

  // ------------------------------------------------------------------------------------------------ child events

  /** Whether the slot still listens to its process: not crashed, not stopped. */
  boolean live() {
    return state != WorkerState.CRASHED && state != WorkerState.STOPPED;
  }

  /** The current process is up (its {@code ready} was checked by {@link SlotEvents}): the slot becomes idle. */
  void onReady(ReadyFrame ready) {
    clock.cancelTimer(startTimer);
    pid = ready.pid();
    state = WorkerState.IDLE;
    boolean replacement = replacing;
    replacing = false;
    LOG.log(System.Logger.Level.DEBUG, () -> describe() + " ready, pid " + pid);
    archive.ready();
    watch.watch(channel);
    startPromise.tryComplete();
    listener.ready(owner, replacement);
    tasks.pump();
  }

  /** The current process exited; its last frames and lines have been handled. */
  void exited(int status) {
    watch.stop();
    report.outputEnded();
    switch (state) {
      case DRAINING -> {
        generation++;
        state = WorkerState.STOPPED;
        String how = describe() + (pid > 0 ? " (pid " + pid + ")" : "");
        if (drainKill != null) {
          tasks.failInFlight(new PoolUnavailableException("pool '" + poolAddress + "' is draining: " + how + " "
            + drainKill + " and was killed while its task ran"));
        } else {
          tasks.failInFlight(new WorkerCrashedException(report.message(describe(), pid, "exited with "
            + ExitStatus.describe(status) + " while draining")));
        }
        stopPromise.tryComplete();
      }
      case STARTING -> {
        // a start killed from outside (the OOM killer, an operator) says nothing about the archive
        if (archive.mayRetry() && channel != null && !ExitStatus.isKill(status)) {
          startWithoutArchive(status);
        } else {
          crash(report.startExitReason(status, command), null);
        }
      }
      case IDLE, PROCESSING -> crash("exited unexpectedly with " + ExitStatus.describe(status), null);
      default -> {
      }
    }
  }

  @Override
  public void protocolError(String detail) {
    crash("protocol error: " + detail, null);
  }

  // ------------------------------------------------------------------------------------------------ crash

  /**
   * Marks the worker crashed, makes sure its process is gone, fails the tasks it held or hands them to the pool to
   * try again, and hands its waiting tasks to the pool.
   *
   * @param stack where the running task was, when that was learnt before the kill; {@code null} otherwise
   */
  void crash(String reason, StackTraceElement[] stack) {
    if (state == WorkerState.CRASHED || state == WorkerState.STOPPED) {
      return;
    }
    boolean stopping = state == WorkerState.DRAINING;
    clock.cancelTimer(startTimer);
    watch.stop();
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
    SlotTasks.Crashed crashed = tasks.crashed(new CrashAttempts.Attempt(id, pid, reason, true, stack), failure,
      stopping);
    failStart(failure);
    if (stopping) {
      stopPromise.tryComplete();
      return;
    }
    LOG.log(System.Logger.Level.WARNING, message);
    listener.crashed(owner, reason, failure, crashed.queued());
    if (!crashed.retry().isEmpty()) {
      listener.retry(owner, crashed.retry(), failure);
    }
  }

  private void failStart(ParallelException failure) {
    if (startPromise != null) {
      startPromise.tryFail(failure);
    }
  }
}
