package io.phalanx.parallel.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking stdin for an in-process worker: the test feeds chunks, the worker's reader thread reads them.
 * <p>
 * {@link #awaitConsumed} tells the test when the reader has taken every chunk fed so far and come back for more. The
 * worker's reader only asks its stream for more bytes once it has dispatched every complete line it already holds, so
 * at that point every fed frame has been handed to the task runner.
 */
final class FeedInputStream extends InputStream {

  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  /** The number of chunks consumed, offered each time the reader finds its current chunk exhausted. */
  private final BlockingQueue<Long> hungry = new LinkedBlockingQueue<>();
  private long fed;
  private boolean ended;

  // reader thread only
  private byte[] current = new byte[0];
  private int pos;
  private long consumed;
  private boolean atEnd;

  synchronized void feed(byte[] bytes) {
    if (ended) {
      throw new IllegalStateException("input already ended");
    }
    fed++;
    chunks.add(bytes.clone());
  }

  /** Closes the stream from the writing side: the reader sees the end of the stream once it has read the rest. */
  synchronized void end() {
    if (!ended) {
      ended = true;
      chunks.add(END);
    }
  }

  synchronized boolean ended() {
    return ended;
  }

  /**
   * Waits until the reader has consumed every chunk fed so far and asks for more.
   *
   * @throws AssertionError when that does not happen within the timeout
   */
  void awaitConsumed(Duration timeout) throws InterruptedException {
    long target;
    synchronized (this) {
      target = fed;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Long count = hungry.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (count == null) {
        throw new AssertionError("the worker did not read all of its input within " + timeout);
      }
      if (count >= target) {
        return;
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == current.length) {
      if (atEnd) {
        return -1;
      }
      hungry.add(consumed);
      try {
        current = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for input");
      }
      pos = 0;
      if (current == END) {
        atEnd = true;
        return -1;
      }
      consumed++;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }
}
