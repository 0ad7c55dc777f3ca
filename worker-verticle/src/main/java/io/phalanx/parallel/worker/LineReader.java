package io.phalanx.parallel.worker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines from a blocking stream with a bound on the line length.
 */
final class LineReader {

  /** A line longer than the limit; its bytes were skipped up to the next newline. */
  static final class LineTooLongException extends IOException {
    LineTooLongException(int limit) {
      super("line longer than the frame size limit of " + limit + " bytes");
    }
  }

  private final InputStream in;
  private final int maxLine;
  private final byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[1024];
  private int lineLen;

  LineReader(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
  }

  /**
   * @return the next line without its {@code \n}, or {@code null} at the end of the stream (a last line without a
   * newline is returned first)
   * @throws LineTooLongException when a line exceeds the limit; the next call reads the line after it
   */
  byte[] next() throws IOException {
    byte[] whole = nextIfReadIn();
    if (whole != null) {
      return whole;
    }
    // nextIfReadIn looked: what is left of the chunk holds no newline, and starts the line
    lineLen = 0;
    append(chunkPos, chunkLen);
    boolean tooLong = lineLen > maxLine;
    chunkPos = chunkLen;
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = in.read(chunk);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          if (tooLong) {
            throw new LineTooLongException(maxLine);
          }
          return lineLen == 0 ? null : Arrays.copyOf(line, lineLen);
        }
      }
      int start = chunkPos;
      int end = start;
      while (end < chunkLen && chunk[end] != '\n') {
        end++;
      }
      if (!tooLong) {
        append(start, end);
        tooLong = lineLen > maxLine;
      }
      if (end < chunkLen) {
        chunkPos = end + 1;
        if (tooLong) {
          throw new LineTooLongException(maxLine);
        }
        return Arrays.copyOf(line, lineLen);
      }
      chunkPos = chunkLen;
    }
  }

  /**
   * The next line when it has already been read in whole, found and copied once; never reads the stream. Between
   * calls no partial line is kept aside: whatever is not returned yet waits in the chunk.
   *
   * @return the line without its {@code \n}, or {@code null} when no whole line is read in
   * @throws LineTooLongException when that line exceeds the limit; it is skipped, and the next call reads the line
   *                              after it
   */
  byte[] nextIfReadIn() throws LineTooLongException {
    for (int end = chunkPos; end < chunkLen; end++) {
      if (chunk[end] == '\n') {
        int start = chunkPos;
        chunkPos = end + 1;
        if (end - start > maxLine) {
          throw new LineTooLongException(maxLine);
        }
        return Arrays.copyOfRange(chunk, start, end);
      }
    }
    return null;
  }

  private void append(int start, int end) {
    int n = end - start;
    if (lineLen + n > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLen + n, line.length * 2));
    }
    System.arraycopy(chunk, start, line, lineLen, n);
    lineLen += n;
  }
}
