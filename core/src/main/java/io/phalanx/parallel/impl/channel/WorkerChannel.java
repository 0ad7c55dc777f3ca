package io.phalanx.parallel.impl.channel;

import io.phalanx.parallel.impl.Clock;
import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.StackRequestFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;

import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * One worker process as its slot talks to it: the frames of its channel, checked and decoded ({@link IncomingFrames}),
 * and the process's own events (its log lines, its exit). Frames are written with back-pressure: a task only while the
 * channel can take it ({@link #canSendTask()}), anything else (a cancel, a service response, {@code shutdown}) queued
 * while it cannot.
 * <p>
 * Confined to the supervisor's context. After {@link #close()} nothing more reaches the listener.
 */
public final class WorkerChannel {

  /** What the slot hears from its process. */
  public interface Listener {

    void ready(ReadyFrame ready);

    void response(TaskResponseFrame response);

    /** The response of task {@code taskId} holds a result or an error that breaks a decoding limit. */
    void responseOverLimit(long taskId, String why);

    void progress(ProgressFrame progress);

    /**
     * A call to a parent service. Its body is still undecoded, except in a large call (decoded off the loop); a call
     * whose address is outside {@code addresses} comes without headers or body.
     */
    void serviceCall(ServiceCallFrame call);

    /** The process broke the protocol, or its channel broke: the worker is unusable. */
    void broken(String why);

    /** The channel can take tasks again. */
    void writable();

    /**
     * The process exited. Its last frames and output lines have been handled, or the short wait for them
     * ({@link #EXIT_DRAIN_MS}) is over.
     */
    void exited(int status);
  }

  /**
   * What a stack collection hears of a process about to be killed ({@link #tap}): its answer to a stack request, and
   * its output lines, where a thread dump arrives.
   */
  public interface Tap {

    /** A frame the process sent: only its answer to the stack request matters. */
    void frame(byte[] line);

    /** @return whether the line belongs to the tap (a thread dump's) and stays out of the crash report */
    boolean line(String stream, String line);
  }

  /** How long an exit waits for the frames and output lines the process wrote just before it. */
  public static final long EXIT_DRAIN_MS = 100;
  /** How long a channel may stay closed without an exit before that counts as a break of its own. */
  public static final long CHANNEL_END_GRACE_MS = 2_000;

  private final WorkerProcess process;
  private final FrameCodec codec;
  private final Clock clock;
  private final IncomingFrames incoming;
  private final WorkerProcess.LogHandler log;
  private final Runnable onExit;
  private Listener listener;
  private long channelEndTimer = -1;
  private FrameChannel channel;
  private final ArrayDeque<byte[]> waitingToWrite = new ArrayDeque<>();
  private boolean channelEnded;
  private boolean logsEnded;
  private Integer exitStatus;
  private boolean exitReported;
  private boolean closed;
  /** Every frame read: any frame is a sign of life ({@link io.phalanx.parallel.impl.pool.HeartbeatWatch}). */
  private long framesRead;
  /** Set while a stack collection listens, before the process is killed: the slot then hears no frame. */
  private Tap tap;

  /**
   * @param serviceAddresses the addresses of the parent services a worker may call
   * @param log              takes the process's output lines
   * @param onExit           told of the process's exit at once, even after {@link #close()}
   */
  public WorkerChannel(WorkerProcess process, FrameCodec codec, Clock clock, Predicate<String> serviceAddresses,
                WorkerProcess.LogHandler log, Runnable onExit) {
    this.process = process;
    this.onExit = onExit;
    this.codec = codec;
    this.clock = clock;
    this.incoming = new IncomingFrames(codec, serviceAddresses, new IncomingFrames.Owner() {
      @Override
      public Listener listener() {
        return listener;
      }

      @Override
      public void send(byte[] frame) {
        WorkerChannel.this.send(frame);
      }

      @Override
      public void log(String line) {
        log.line("channel", line);
      }

      @Override
      public void reading(boolean on) {
        if (on) {
          channel.resume();
        } else {
          channel.pause();
        }
      }

      @Override
      public boolean takes(byte[] line) {
        if (tap != null) {
          tap.frame(line);
          return false;
        }
        return !closed;
      }
    });
    this.log = log;
  }

  public WorkerProcess process() {
    return process;
  }

  /** Starts listening: to the process now, to its channel once the child has joined it. */
  public void attach(Listener listener) {
    this.listener = listener;
    process.handlers((stream, line) -> {
      if (tap != null && tap.line(stream, line)) {
        return;
      }
      if (!closed) {
        log.line(stream, line);
      }
    }, v -> {
      logsEnded = true;
      maybeReportExit();
    }, status -> {
      exitStatus = status;
      onExit.run();
      clock.cancelTimer(channelEndTimer);
      if (!maybeReportExit()) {
        clock.setTimer(EXIT_DRAIN_MS, t -> reportExit());
      }
    });
    process.channel().onSuccess(this::joined);
  }

  private void joined(FrameChannel joined) {
    if (closed) {
      joined.close();
      return;
    }
    channel = joined;
    joined.drainHandler(v -> drained());
    joined.handlers(this::frame, why -> {
      if (!closed && exitStatus == null) {
        listener.broken(why);
      }
    }, v -> channelEnded());
  }

  // ------------------------------------------------------------------------------------------------ writing

  /** Whether a task frame may be written now: the child has joined and reads what it is sent. */
  public boolean canSendTask() {
    return channel != null && !closed && tap == null && waitingToWrite.isEmpty() && !channel.writeQueueFull();
  }

  /** Writes a task frame; only after {@link #canSendTask()}. */
  public void sendTask(byte[] frame) {
    channel.write(frame);
  }

  /** Writes any other frame: at once, or once the channel has room, in order. */
  public void send(byte[] frame) {
    if (!closed) {
      queueOrWrite(frame);
    }
  }

  private void queueOrWrite(byte[] frame) {
    if (channel == null || !waitingToWrite.isEmpty() || channel.writeQueueFull()) {
      waitingToWrite.add(frame);
    } else {
      channel.write(frame);
    }
  }

  private void drained() {
    while (!waitingToWrite.isEmpty() && !channel.writeQueueFull()) {
      channel.write(waitingToWrite.poll());
    }
    if (!closed && canSendTask()) {
      listener.writable();
    }
  }

  // ------------------------------------------------------------------------------------------------ reading

  private void frame(byte[] line) {
    framesRead++;
    if (tap != null) {
      tap.frame(line);
      return;
    }
    if (closed) {
      return;
    }
    incoming.read(line);
  }

  /** How many frames the process has sent: any frame is a sign of life. */
  public long framesRead() {
    return framesRead;
  }

  /**
   * Hands the channel to a stack collection before the process is killed: the tap hears its frames and output lines,
   * the slot no frame any more, and no task is written to it. Works on a detached channel too.
   */
  public void tap(Tap tap) {
    this.tap = tap;
  }

  public void untap() {
    tap = null;
  }

  /** Asks the process where the thread of a task is; written even on a detached channel, which stays open. */
  public void sendStackRequest(long taskId) {
    queueOrWrite(encode(new StackRequestFrame(taskId)));
  }

  private void channelEnded() {
    channelEnded = true;
    if (maybeReportExit()) {
      return;
    }
    // a child closes its channel as it exits, and the exit follows: only a channel that stays closed without an
    // exit is a break of its own
    clock.cancelTimer(channelEndTimer);
    channelEndTimer = clock.setTimer(CHANNEL_END_GRACE_MS, t -> {
      if (!closed && exitStatus == null) {
        listener.broken("closed its channel");
      }
    });
  }

  /** Reports the exit once its last frames and lines are in; @return whether it was reported. */
  private boolean maybeReportExit() {
    if (exitStatus == null) {
      return false;
    }
    boolean channelDone = channel == null || channelEnded;
    if (channelDone && logsEnded) {
      reportExit();
      return true;
    }
    return false;
  }

  private void reportExit() {
    if (exitReported || closed) {
      return;
    }
    exitReported = true;
    listener.exited(exitStatus);
  }

  /** Whether the process has been seen to exit. */
  public boolean hasExited() {
    return exitStatus != null;
  }

  // ------------------------------------------------------------------------------------------------ ending

  /**
   * Nothing more reaches the listener, but the channel stays open: a process asked to exit can still read what was
   * written to it and leave by itself.
   */
  public void detach() {
    closed = true;
  }

  /** Nothing more reaches the listener and the channel closes (the process goes on until it exits or is killed). */
  public void close() {
    closed = true;
    clock.cancelTimer(channelEndTimer);
    waitingToWrite.clear();
    if (channel != null) {
      channel.close();
    }
  }

  /** Asks the process to finish its task and exit; its lifeline stays open meanwhile. */
  void sendShutdown() {
    send(encode(ShutdownFrame.INSTANCE));
  }

  /**
   * Asks the process to leave and makes sure it does: {@code shutdown} now (it finishes its task, then exits),
   * SIGTERM to its group after {@code shutdownGrace}, SIGKILL after {@code killGrace} more, each only while
   * {@code stillWaiting} holds and the process has not exited.
   *
   * @param signalled told why, and which signal follows, before each signal
   */
  public void leave(long shutdownGrace, long killGrace, java.util.function.BooleanSupplier stillWaiting,
             java.util.function.BiConsumer<String, String> signalled) {
    sendShutdown();
    clock.setTimer(shutdownGrace, v -> {
      if (exitStatus == null && stillWaiting.getAsBoolean()) {
        signalled.accept("did not exit within the shutdown grace period of " + shutdownGrace
          + " ms (ParallelConfig.setShutdownGracePeriod)", "SIGTERM");
        process.kill(false);
        clock.setTimer(killGrace, w -> {
          if (exitStatus == null && stillWaiting.getAsBoolean()) {
            signalled.accept("ignored SIGTERM for the kill grace period of " + killGrace
              + " ms (ParallelConfig.setKillGracePeriod)", "SIGKILL");
            process.kill(true);
          }
        });
      }
    });
  }

  /** Tells the process that a task it holds was cancelled. */
  public void sendCancel(long taskId) {
    send(encode(new CancelFrame(taskId)));
  }

  private byte[] encode(Frame frame) {
    try {
      return codec.encode(frame);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
