package io.phalanx.parallel.worker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineReaderTest {

  /** Hands out its bytes 1, 2, 3, 1, 2, 3, ... at a time, so lines straddle every possible read boundary. */
  static final class TrickleInputStream extends InputStream {
    private final byte[] data;
    private int pos;
    private int step;
    int reads;

    TrickleInputStream(String text) {
      this.data = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      reads++;
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, step % 3 + 1), data.length - pos);
      step++;
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private static InputStream whole(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String next(LineReader reader) throws IOException {
    byte[] line = reader.next();
    return line == null ? null : new String(line, StandardCharsets.UTF_8);
  }

  private static List<String> readAll(LineReader reader) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = next(reader); line != null; line = next(reader)) {
      lines.add(line);
    }
    return lines;
  }

  @Test
  void linesAlreadyReadInAreTakenWithoutReadingTheStream() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream("first\nsecond\n\n".concat("x".repeat(20))
      .concat("\nunfinished").getBytes(StandardCharsets.UTF_8));
    LineReader reader = new LineReader(in, 10);
    assertThat(reader.nextIfReadIn()).as("nothing read in yet").isNull();

    assertThat(next(reader)).isEqualTo("first");
    assertThat(in.available()).as("the whole stream is read in").isZero();
    assertThat(new String(reader.nextIfReadIn(), StandardCharsets.UTF_8)).isEqualTo("second");
    assertThat(reader.nextIfReadIn()).isEmpty();
    assertThatThrownBy(reader::nextIfReadIn).isInstanceOf(LineReader.LineTooLongException.class);
    assertThat(reader.nextIfReadIn()).as("only a partial line is left").isNull();
    assertThat(next(reader)).isEqualTo("unfinished");
    assertThat(reader.next()).isNull();
  }

  @Test
  void readsSeveralLinesFromOneChunk() throws IOException {
    LineReader reader = new LineReader(whole("alpha\nbeta\ngamma\n"), 1024);

    assertThat(readAll(reader)).containsExactly("alpha", "beta", "gamma");
  }

  @Test
  void readsLinesThatStraddleReadBoundaries() throws IOException {
    TrickleInputStream in = new TrickleInputStream("alpha\nbeta\n\ngamma delta\nz\n");
    LineReader reader = new LineReader(in, 1024);

    assertThat(readAll(reader)).containsExactly("alpha", "beta", "", "gamma delta", "z");
    assertThat(in.reads).isGreaterThan(10);
  }

  @Test
  void anEmptyLineIsReturnedAsAnEmptyArray() throws IOException {
    LineReader reader = new LineReader(whole("a\n\nb\n"), 1024);

    assertThat(next(reader)).isEqualTo("a");
    assertThat(reader.next()).isEmpty();
    assertThat(next(reader)).isEqualTo("b");
    assertThat(reader.next()).isNull();
  }

  @Test
  void aLastLineWithoutNewlineIsReturnedBeforeTheEnd() throws IOException {
    LineReader reader = new LineReader(new TrickleInputStream("first\nlast"), 1024);

    assertThat(next(reader)).isEqualTo("first");
    assertThat(next(reader)).isEqualTo("last");
    assertThat(reader.next()).isNull();
  }

  @Test
  void theEndOfTheStreamGivesNullAndKeepsGivingNull() throws IOException {
    LineReader reader = new LineReader(whole(""), 1024);

    assertThat(reader.next()).isNull();
    assertThat(reader.next()).isNull();
  }

  @Test
  void keepsMultiByteCharactersIntactAcrossReadBoundaries() throws IOException {
    LineReader reader = new LineReader(new TrickleInputStream("h\u00e9llo w\u00f6rld \u20ac\n\u4e2d\u6587\n"), 1024);

    assertThat(readAll(reader)).containsExactly("h\u00e9llo w\u00f6rld \u20ac", "\u4e2d\u6587");
  }

  @Test
  void overlongLineThrowsThenNextLineComes() throws IOException {
    LineReader reader = new LineReader(whole("short\n" + "x".repeat(20) + "\nafter\n"), 10);

    assertThat(next(reader)).isEqualTo("short");
    assertThatThrownBy(reader::next)
      .isInstanceOf(LineReader.LineTooLongException.class)
      .hasMessage("line longer than the frame size limit of 10 bytes");
    assertThat(next(reader)).isEqualTo("after");
    assertThat(reader.next()).isNull();
  }

  @Test
  void overlongLineInPiecesIsSkipped() throws IOException {
    LineReader reader = new LineReader(new TrickleInputStream("x".repeat(50) + "\nafter\n"), 10);

    assertThatThrownBy(reader::next).isInstanceOf(LineReader.LineTooLongException.class);
    assertThat(next(reader)).isEqualTo("after");
    assertThat(reader.next()).isNull();
  }

  @Test
  void aTooLongLineSpanningManyChunksIsSkippedWhole() throws IOException {
    // longer than the reader's 64 KiB chunk, so the skipped part spans several reads
    LineReader reader = new LineReader(whole("y".repeat(200_000) + "\nafter\n"), 1024);

    assertThatThrownBy(reader::next).isInstanceOf(LineReader.LineTooLongException.class);
    assertThat(next(reader)).isEqualTo("after");
  }

  @Test
  void overlongLastLineThrowsThenStreamEnds() throws IOException {
    LineReader reader = new LineReader(whole("ok\n" + "x".repeat(20)), 10);

    assertThat(next(reader)).isEqualTo("ok");
    assertThatThrownBy(reader::next).isInstanceOf(LineReader.LineTooLongException.class);
    assertThat(reader.next()).isNull();
  }

  @Test
  void aLineOfExactlyTheLimitIsAccepted() throws IOException {
    LineReader reader = new LineReader(new TrickleInputStream("0123456789\n01234567890\nend\n"), 10);

    assertThat(next(reader)).isEqualTo("0123456789");
    assertThatThrownBy(reader::next).isInstanceOf(LineReader.LineTooLongException.class);
    assertThat(next(reader)).isEqualTo("end");
  }

  @Test
  void aLongLineWithinTheLimitIsReturnedWhole() throws IOException {
    String big = "abcdefghij".repeat(20_000);
    LineReader reader = new LineReader(whole(big + "\nnext\n"), 300_000);

    assertThat(next(reader)).isEqualTo(big);
    assertThat(next(reader)).isEqualTo("next");
  }
}
