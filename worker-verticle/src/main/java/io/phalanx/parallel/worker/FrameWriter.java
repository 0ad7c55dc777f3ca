package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Writes frames to the process's original stdout, one whole line at a time, from any thread.
 * <p>
 * A response may be held back briefly while the worker already has its next task: a burst of quick tasks then costs
 * one pipe write, and one wake-up of the parent, per batch instead of per task. Nothing waits long for it: the held
 * output is written when the worker runs out of tasks, when {@link #MAX_HELD_FRAMES} frames are held, and at the
 * latest {@link #MAX_HOLD_NANOS} after the first of them (by a flusher thread, in case the next task is a long one;
 * it looks on its own while frames keep being held, and sleeps until woken once they stop).
 * The response of a task that itself took longer than that is not held at all (see {@link #worthHolding}).
 */
final class FrameWriter {

  /** The most frames held back at once. */
  static final int MAX_HELD_FRAMES = 32;
  /** The longest a frame is held back. */
  static final long MAX_HOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  /**
   * How many holds' time the flusher stays awake, looking at the held output on its own, after the last frame it saw
   * held: while frames keep being held, none of them has to wake it (a system call for the writer, a switch for the
   * flusher, once per burst).
   */
  static final int LINGER_HOLDS = 40;

  private final FrameCodec codec;
  private final OutputStream out;
  private final long maxHoldNanos;
  // guarded by this
  private int held;
  private long heldSince;
  private Thread flusher;
  /** Whether the flusher waits without a deadline, so that a new hold must wake it. */
  private boolean flusherIdle;

  FrameWriter(FrameCodec codec, OutputStream out) {
    this(codec, out, MAX_HOLD_NANOS);
  }

  /** With another longest hold, for tests. */
  FrameWriter(FrameCodec codec, OutputStream out, long maxHoldNanos) {
    this.codec = codec;
    this.out = out;
    this.maxHoldNanos = maxHoldNanos;
  }

  /**
   * Whether a response is worth holding back, given how long its task ran. Only quick tasks' responses are: after a
   * task that ran longer than the hold, the next response (of a task like it) would come after the hold ended, so
   * holding would only delay this one and wake the flusher twice for nothing.
   */
  boolean worthHolding(long taskNanos) {
    return taskNanos < maxHoldNanos;
  }

  /**
   * @throws IOException when the frame cannot be encoded (nothing is written then) or stdout is gone
   */
  void write(Frame frame) throws IOException {
    writeEncoded(codec.encode(frame));
  }

  /**
   * @throws IOException when the frame cannot be encoded
   */
  byte[] encode(Frame frame) throws IOException {
    return codec.encode(frame);
  }

  /**
   * Writes a frame and flushes it, with whatever was held back before it.
   *
   * @param bytes a whole frame as {@link FrameCodec#encode} made it
   */
  synchronized void writeEncoded(byte[] bytes) throws IOException {
    writeEncoded(bytes, false);
  }

  /**
   * @param bytes   a whole frame as {@link FrameCodec#encode} made it
   * @param mayHold whether the frame may be held back for a moment because more output is about to follow
   */
  synchronized void writeEncoded(byte[] bytes, boolean mayHold) throws IOException {
    out.write(bytes);
    if (!mayHold || held + 1 >= MAX_HELD_FRAMES) {
      flushHeld();
      return;
    }
    held++;
    if (heldSince == 0) {
      heldSince = System.nanoTime();
      startFlusherOnce();
      if (flusherIdle) {
        notifyAll();
      }
    }
  }

  /**
   * Interrupts {@code thread} (a task's, to cancel it) only between two writes: an interrupt that lands in a write
   * on a blocking channel closes the channel.
   */
  synchronized void interruptBetweenWrites(Thread thread) {
    thread.interrupt();
  }

  synchronized void flush() {
    try {
      flushHeld();
    } catch (IOException ignored) {
      // the parent is gone; the process is about to exit anyway
    }
  }

  private void flushHeld() throws IOException {
    held = 0;
    heldSince = 0;
    out.flush();
  }

  /** Whether the flusher waits to be woken, for tests. */
  synchronized boolean flusherAsleep() {
    return flusherIdle;
  }

  private void startFlusherOnce() {
    if (flusher == null) {
      flusher = new Thread(this::flushLate, "phalanx-frame-flusher");
      flusher.setDaemon(true);
      flusher.start();
    }
  }

  private synchronized void flushLate() {
    int emptyLooks = 0;
    while (true) {
      try {
        if (heldSince == 0) {
          if (++emptyLooks > LINGER_HOLDS) {
            flusherIdle = true;
            wait();
            flusherIdle = false;
            emptyLooks = 0;
          } else {
            TimeUnit.NANOSECONDS.timedWait(this, maxHoldNanos);
          }
          continue;
        }
        emptyLooks = 0;
        long wait = heldSince + maxHoldNanos - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.timedWait(this, wait);
          continue;
        }
        flushHeld();
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // stdout is gone: the parent is gone, and the reader's end of stdin ends the process
        heldSince = 0;
        held = 0;
      }
    }
  }
}
