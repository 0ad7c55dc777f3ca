package io.phalanx.parallel.worker;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The frames stream of an in-process worker: splits what is written into lines the test can wait for. */
final class LineCapture extends OutputStream {

  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final List<String> lines = new ArrayList<>();
  private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String line = partial.toString(StandardCharsets.UTF_8);
      partial.reset();
      lines.add(line);
      unread.add(line);
    } else {
      partial.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  /** @return every complete line written so far */
  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** @return how many bytes were written after the last newline */
  synchronized int partialBytes() {
    return partial.size();
  }

  /**
   * @return the next line not yet returned, waiting for it up to the timeout
   * @throws AssertionError when none comes in time
   */
  String nextLine(Duration timeout) throws InterruptedException {
    String line = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no frame within " + timeout + "; lines so far: " + lines());
    }
    return line;
  }
}
