package io.phalanx.parallel.impl;

import java.util.Arrays;

/**
 * Splits a stream of chunks into {@code \n}-terminated lines (passed on without the {@code \n}). A line that lies
 * within one chunk is passed as a range of that chunk, not copied: a worker's responses arrive many to a chunk under
 * load, and splitting them is on every task's path. Not thread-safe: one stream, one thread.
 */
final class LineSplitter {

  /** Receives a line as a range of an array that is only valid during the call. */
  interface LineHandler {
    void line(byte[] bytes, int offset, int length);
  }

  private static final byte[] NONE = new byte[0];

  private final int maxLineBytes;
  private final LineHandler lines;
  private final Runnable tooLong;
  /** The start of a line whose end has not arrived yet. */
  private byte[] carry = NONE;
  private int carried;
  /** Inside a line that was too long: everything up to its end is dropped. */
  private boolean dropping;

  /**
   * @param maxLineBytes the longest line passed on; a longer one is reported to {@code tooLong} once and dropped
   */
  LineSplitter(int maxLineBytes, LineHandler lines, Runnable tooLong) {
    this.maxLineBytes = maxLineBytes;
    this.lines = lines;
    this.tooLong = tooLong;
  }

  void feed(byte[] chunk) {
    feed(chunk, 0, chunk.length);
  }

  void feed(byte[] chunk, int offset, int length) {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (chunk[i] != '\n') {
        continue;
      }
      int part = i - start;
      if (dropping) {
        dropping = false;
      } else if (carried + part > maxLineBytes) {
        tooLong.run();
      } else if (carried > 0) {
        byte[] line = Arrays.copyOf(carry, carried + part);
        System.arraycopy(chunk, start, line, carried, part);
        lines.line(line, 0, line.length);
      } else {
        lines.line(chunk, start, part);
      }
      carried = 0;
      start = i + 1;
    }
    int rest = end - start;
    if (rest == 0 || dropping) {
      return;
    }
    if (carried + rest > maxLineBytes) {
      tooLong.run();
      carried = 0;
      dropping = true;
      return;
    }
    if (carry.length < carried + rest) {
      carry = Arrays.copyOf(carry, Math.min(maxLineBytes, Math.max(carried + rest, 2 * carry.length)));
    }
    System.arraycopy(chunk, start, carry, carried, rest);
    carried += rest;
  }

  /** Forgets the line in progress: the next chunk begins a new line. */
  void reset() {
    carried = 0;
    dropping = false;
  }

  /** The stream ended: a last line without its {@code \n} is passed on all the same. */
  void end() {
    if (carried > 0 && !dropping) {
      lines.line(carry, 0, carried);
    }
    carried = 0;
    dropping = false;
  }
}
