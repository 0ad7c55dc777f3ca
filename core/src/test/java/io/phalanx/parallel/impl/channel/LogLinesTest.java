package io.phalanx.parallel.impl.channel;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogLinesTest {

  private final List<String> lines = new ArrayList<>();
  private final LogLines splitter = new LogLines(lines::add);

  @Test
  void splitsChunksIntoLines() {
    splitter.handle(Buffer.buffer("one\ntw"));
    splitter.handle(Buffer.buffer("o\r\nthree"));
    assertThat(lines).containsExactly("one", "two");
    splitter.end();
    assertThat(lines).containsExactly("one", "two", "three");
  }

  @Test
  void cutsAVeryLongLineAndSaysHowMuchWasDropped() {
    byte[] huge = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'x');
    splitter.handle(Buffer.buffer(huge));
    splitter.handle(Buffer.buffer("y\nnext\n"));

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("x".repeat(LogLines.MAX_LINE_BYTES))
      .endsWith("[... " + (huge.length + 1 - LogLines.MAX_LINE_BYTES) + " more bytes of this line dropped]");
    assertThat(lines.get(1)).isEqualTo("next");
  }
}
