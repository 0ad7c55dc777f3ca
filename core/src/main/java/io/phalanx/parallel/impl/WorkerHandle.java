package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.RemoteThrowable;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One worker slot of the pool: its child process, its bounded mailbox and its state machine. A slot outlives its
 * processes: after a crash the pool may {@link #start()} it again with a new process.
 * <p>
 * Confined to the supervisor's context: every method and every process event runs there, so nothing is locked.
 * Events of an earlier process of this slot (a late exit after a restart) are recognized by their generation and
 * ignored.
 */
final class WorkerHandle implements DispatchTarget {

  /** What the pool hears from its workers. */
  interface Listener {
    /** The worker crashed; its running and queued tasks have already failed. */
    void crashed(WorkerHandle worker, String reason);
  }

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.worker");
  private static final int STDERR_TAIL_LINES = 20;

  private final int index;
  private final String id;
  private final String poolAddress;
  private final ParallelConfig config;
  private final WorkerCommand command;
  private final ProcessLauncher launcher;
  private final Clock clock;
  private final FrameCodec codec;
  private final Listener listener;
  private final Mailbox mailbox;
  private final StderrTail stderrTail = new StderrTail(STDERR_TAIL_LINES);

  private WorkerState state = WorkerState.STOPPED;
  private long generation;
  private WorkerProcess process;
  private long pid = -1;
  private PendingTask inFlight;
  private long startTimer = -1;
  private Promise<Void> startPromise;
  private Promise<Void> stopPromise;
  private long tasksDone;
  private long processTasksDone;
  private long lastHeapUsed = -1;
  private String lastCrashReason;

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

  int queued() {
    return mailbox.size();
  }

  String lastCrashReason() {
    return lastCrashReason;
  }

  long lastHeapUsed() {
    return lastHeapUsed;
  }

  /** "worker-0 of pool 'phalanx.parallel'", the way every message names a worker. */
  String describe() {
    return id + " of pool '" + poolAddress + "'";
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
    startPromise = Promise.promise();
    startTimer = clock.setTimer(config.getStartTimeout(), v -> {
      if (gen == generation && state == WorkerState.STARTING) {
        crash("sent no ready frame within the start timeout of " + config.getStartTimeout()
          + " ms (ParallelConfig.setStartTimeout)");
      }
    });
    String problem = command.problem();
    if (problem != null) {
      crash("cannot be started: " + problem);
      return startPromise.future();
    }
    launcher.launch(command.executable(), command.arguments(id)).onComplete(ar -> {
      if (gen != generation || state != WorkerState.STARTING) {
        if (ar.succeeded()) {
          ar.result().kill(true);
        }
        return;
      }
      if (ar.failed()) {
        crash("cannot be started: '" + command.executable() + "' could not be executed (" + ar.cause() + ")");
        return;
      }
      attach(gen, ar.result());
    });
    return startPromise.future();
  }

  private void attach(long gen, WorkerProcess started) {
    process = started;
    pid = started.pid();
    RecordParser stdoutLines = RecordParser.newDelimited("\n", line -> {
      if (gen == generation) {
        onStdoutLine(line);
      }
    });
    stdoutLines.maxRecordSize(config.getMaxFrameBytes() + 1);
    stdoutLines.exceptionHandler(e -> {
      if (gen == generation) {
        protocolError("sent a line longer than the frame size limit of " + config.getMaxFrameBytes() + " bytes");
      }
    });
    RecordParser stderrLines = RecordParser.newDelimited("\n", line -> {
      if (gen == generation) {
        onStderrLine(line.toString(StandardCharsets.UTF_8));
      }
    });
    stderrLines.maxRecordSize(64 * 1024);
    stderrLines.exceptionHandler(e -> {
      // an overlong stderr line is only logging: drop it
    });
    started.handlers(stdoutLines, stderrLines, status -> {
      if (gen == generation) {
        onExit(status);
      }
    });
  }

  /**
   * Stops the worker: queued tasks fail with {@link PoolUnavailableException}, the running task finishes, then the
   * child gets {@code shutdown} (and its stdin closes), SIGTERM after the shutdown grace period and SIGKILL after
   * the kill grace period.
   *
   * @return completes when the child has exited
   */
  Future<Void> stop() {
    if (stopPromise != null) {
      return stopPromise.future();
    }
    stopPromise = Promise.promise();
    switch (state) {
      case STOPPED, CRASHED -> {
        generation++;
        state = WorkerState.STOPPED;
        stopPromise.complete();
      }
      case STARTING -> {
        state = WorkerState.DRAINING;
        failStart(new PoolUnavailableException(describe() + " was stopped while starting"));
        if (process != null) {
          process.kill(true);
        } else {
          // nothing spawned yet (or the spawn is under way and will be killed on arrival)
          generation++;
          state = WorkerState.STOPPED;
          stopPromise.complete();
        }
      }
      case IDLE, PROCESSING -> {
        state = WorkerState.DRAINING;
        failQueued(new PoolUnavailableException("pool '" + poolAddress + "' is draining: " + id
          + " takes no new tasks"));
        if (inFlight == null) {
          sendShutdown();
        }
      }
      case DRAINING -> {
      }
    }
    return stopPromise.future();
  }

  private void sendShutdown() {
    try {
      process.write(Buffer.buffer(codec.encode(ShutdownFrame.INSTANCE)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process.closeStdin();
    long gen = generation;
    clock.setTimer(config.getShutdownGracePeriod(), v -> {
      if (gen == generation && state == WorkerState.DRAINING) {
        LOG.log(System.Logger.Level.WARNING, describe() + " did not exit within " + config.getShutdownGracePeriod()
          + " ms of shutdown: sending SIGTERM");
        process.kill(false);
        clock.setTimer(config.getKillGracePeriod(), w -> {
          if (gen == generation && state == WorkerState.DRAINING) {
            LOG.log(System.Logger.Level.WARNING, describe() + " ignored SIGTERM: sending SIGKILL");
            process.kill(true);
          }
        });
      }
    });
  }

  // ------------------------------------------------------------------------------------------------ tasks

  @Override
  public boolean canAccept() {
    return state.isLive() && ((inFlight == null && mailbox.size() == 0) || !mailbox.isFull());
  }

  @Override
  public int load() {
    return mailbox.size() + (inFlight != null ? 1 : 0);
  }

  /**
   * @return whether the worker took the task; {@code false} when it is not live or its mailbox is full
   */
  boolean enqueue(PendingTask task) {
    if (!state.isLive()) {
      return false;
    }
    if (state == WorkerState.IDLE && inFlight == null && mailbox.size() == 0) {
      send(task);
      return true;
    }
    return mailbox.offer(task);
  }

  private void pump() {
    if (state == WorkerState.IDLE && inFlight == null) {
      PendingTask next = mailbox.poll();
      if (next != null) {
        send(next);
      }
    }
  }

  private void send(PendingTask task) {
    inFlight = task;
    state = WorkerState.PROCESSING;
    process.write(Buffer.buffer(task.frame()));
  }

  // ------------------------------------------------------------------------------------------------ child events

  private void onStdoutLine(Buffer line) {
    byte[] bytes = line.getBytes();
    if (!FrameCodec.isFrameLine(bytes)) {
      if (bytes.length > 0) {
        LOG.log(System.Logger.Level.INFO, "[" + id + " stdout] " + new String(bytes, StandardCharsets.UTF_8));
      }
      return;
    }
    Frame frame;
    try {
      frame = codec.decode(bytes);
    } catch (ProtocolException e) {
      protocolError(e.getMessage());
      return;
    }
    if (frame instanceof TaskResponseFrame response) {
      onResponse(response);
    } else if (frame instanceof ReadyFrame ready) {
      onReady(ready);
    } else if (frame instanceof ProgressFrame progress) {
      if (inFlight == null || inFlight.id() != progress.id()) {
        protocolError("sent progress for task " + progress.id() + ", which it is not running");
      }
      // progress delivery to callers arrives with the streaming API; updates are dropped until then
    } else {
      protocolError("sent a '" + frame.type() + "' frame, which only the parent sends");
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
    LOG.log(System.Logger.Level.DEBUG, () -> describe() + " ready, pid " + pid);
    startPromise.tryComplete();
    pump();
  }

  private void onResponse(TaskResponseFrame response) {
    PendingTask task = inFlight;
    if (task == null || task.id() != response.id()) {
      protocolError("answered task " + response.id() + ", which it is not running");
      return;
    }
    inFlight = null;
    tasksDone++;
    processTasksDone++;
    lastHeapUsed = response.heapUsed();
    boolean draining = state == WorkerState.DRAINING;
    if (!draining) {
      state = WorkerState.IDLE;
    }
    if (response.ok()) {
      task.succeed((JsonNode) response.result());
    } else {
      task.fail(failureOf(task, response.error()));
    }
    if (draining) {
      sendShutdown();
    } else {
      pump();
    }
  }

  private ParallelException failureOf(PendingTask task, RemoteError error) {
    if (error.code() == RemoteError.CODE_INVALID_TASK) {
      return new InvalidTaskException(error.message() + " (" + describe() + ")");
    }
    return new TaskFailedException(task.taskClass() + " failed in " + describe() + ": " + error.summary(),
      error.className(), error.message(), error.stackTrace(), remoteCause(error.cause()));
  }

  private static Throwable remoteCause(RemoteError error) {
    if (error == null) {
      return null;
    }
    return new RemoteThrowable(error.className(), error.message(), error.stackTrace(), remoteCause(error.cause()));
  }

  private void onStderrLine(String line) {
    stderrTail.add(line);
    LOG.log(System.Logger.Level.INFO, "[" + id + " stderr] " + line);
  }

  private void onExit(int status) {
    switch (state) {
      case DRAINING -> {
        generation++;
        state = WorkerState.STOPPED;
        failInFlight(new PoolUnavailableException(describe() + " exited (status " + status + ") while draining"));
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
   * Marks the worker crashed, makes sure its process is gone, and fails exactly the tasks it held.
   */
  private void crash(String reason) {
    if (state == WorkerState.CRASHED || state == WorkerState.STOPPED) {
      return;
    }
    boolean stopping = state == WorkerState.DRAINING;
    clock.cancelTimer(startTimer);
    generation++;
    WorkerProcess dead = process;
    if (dead != null) {
      dead.kill(true);
    }
    String message = describe() + (pid > 0 ? " (pid " + pid + ")" : "") + " " + reason + stderrTail.describe();
    lastCrashReason = reason;
    // the state changes before any callback runs: a failed task's caller may call straight back into the pool
    state = stopping ? WorkerState.STOPPED : WorkerState.CRASHED;
    WorkerCrashedException failure = new WorkerCrashedException(message);
    failInFlight(failure);
    failQueued(failure);
    failStart(failure);
    if (stopping) {
      stopPromise.tryComplete();
      return;
    }
    LOG.log(System.Logger.Level.WARNING, message);
    listener.crashed(this, reason);
  }

  private void failInFlight(ParallelException failure) {
    PendingTask task = inFlight;
    inFlight = null;
    if (task != null) {
      task.fail(failure);
    }
  }

  private void failQueued(ParallelException failure) {
    List<PendingTask> queued = mailbox.drainAll();
    for (PendingTask task : queued) {
      task.fail(failure);
    }
  }

  private void failStart(ParallelException failure) {
    if (startPromise != null) {
      startPromise.tryFail(failure);
    }
  }
}
