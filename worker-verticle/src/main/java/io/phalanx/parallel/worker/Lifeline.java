package io.phalanx.parallel.worker;

import java.io.IOException;
import java.io.InputStream;

/**
 * The worker's stdin once the channel handshake has been read from it: nothing more arrives there, and its end
 * means the parent is gone or wants the worker gone at once. A daemon thread waits for that end.
 */
final class Lifeline {

  private Lifeline() {
  }

  /**
   * @param stdin  the process's real stdin (a task's {@code System.in} is an empty stream by then)
   * @param onEnd  called once, from the watching thread, when stdin ends
   */
  static void watch(InputStream stdin, Runnable onEnd) {
    Thread watch = new Thread(() -> {
      byte[] ignored = new byte[256];
      try {
        while (stdin.read(ignored) >= 0) {
          // the parent writes nothing after the handshake; whatever comes is dropped
        }
      } catch (IOException e) {
        // a broken stdin is an ended one
      }
      onEnd.run();
    }, "phalanx-lifeline");
    watch.setDaemon(true);
    watch.start();
  }
}
