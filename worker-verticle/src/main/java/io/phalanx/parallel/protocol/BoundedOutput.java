package io.phalanx.parallel.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** Collects a frame's bytes and refuses to grow past the limit. */
final class BoundedOutput extends OutputStream {
  private final int limit;
  private byte[] buf;
  private int count;

  BoundedOutput(int limit) {
    this(limit, 256);
  }

  /** @param expected about how many bytes will be written: a large frame is not built by doubling from 256 bytes */
  BoundedOutput(int limit, int expected) {
    this.limit = limit;
    this.buf = new byte[Math.max(16, Math.min(limit, expected))];
  }

  private void ensure(int extra) throws FrameTooLargeException {
    int needed = count + extra;
    if (needed > limit || needed < 0) {
      throw new FrameTooLargeException(limit);
    }
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(needed, (long) buf.length * 2)));
    }
  }

  @Override
  public void write(int b) throws IOException {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  void writeAscii(String text) throws IOException {
    int length = text.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      buf[count++] = (byte) text.charAt(i);
    }
  }

  byte[] toByteArray() {
    return count == buf.length ? buf : Arrays.copyOf(buf, count);
  }
}
