package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.HeartbeatFrame;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells the parent, every interval, that this JVM is alive: a {@code heartbeat} frame from a daemon thread of its own,
 * so that a long task, however busy its thread, never makes its worker look hung, while a SIGSTOPped JVM, or one stuck
 * in a garbage collection or at a safepoint, falls silent. Each beat is flushed at once: the writer's brief hold of
 * quick tasks' responses never delays it.
 */
final class Heartbeat {

  private Heartbeat() {
  }

  /**
   * @param intervalMillis milliseconds between two beats; 0 for none
   */
  static void start(FrameWriter writer, long intervalMillis) {
    if (intervalMillis <= 0) {
      return;
    }
    byte[] beat;
    try {
      beat = writer.encode(HeartbeatFrame.INSTANCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a heartbeat frame", e);
    }
    long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    Thread thread = new Thread(() -> {
      long next = System.nanoTime();
      while (true) {
        next += intervalNanos;
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        try {
          writer.writeEncoded(beat);
        } catch (IOException e) {
          // the channel is gone, and with it the parent: the lifeline ends the process
          return;
        }
        // after a stall (a long collection, a SIGSTOP), beat on from now instead of catching up
        next = Math.max(next, System.nanoTime() - intervalNanos);
      }
    }, "phalanx-heartbeat");
    thread.setDaemon(true);
    thread.start();
  }
}
