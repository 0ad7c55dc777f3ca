package io.phalanx.parallel.impl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {

  private final List<String> lines = new ArrayList<>();
  private int tooLong;

  private LineSplitter splitter(int max) {
    return new LineSplitter(max, (bytes, offset, length) ->
      lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8)), () -> tooLong++);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsOneChunkIntoItsLinesAndKeepsEmptyOnes() {
    LineSplitter splitter = splitter(100);

    splitter.feed(utf8("one\ntwo\n\nthree\n"));

    assertThat(lines).containsExactly("one", "two", "", "three");
  }

  @Test
  void joinsALineThatArrivesInSeveralChunks() {
    LineSplitter splitter = splitter(100);

    splitter.feed(utf8("fi"));
    splitter.feed(utf8("r"));
    splitter.feed(utf8("st\nsec"));
    assertThat(lines).containsExactly("first");
    splitter.feed(utf8("ond\n"));

    assertThat(lines).containsExactly("first", "second");
  }

  @Test
  void readsOnlyTheGivenRangeOfAChunk() {
    LineSplitter splitter = splitter(100);

    splitter.feed(utf8("xxa\nbyzz"), 2, 4);
    splitter.feed(utf8("\n"));

    assertThat(lines).containsExactly("a", "by");
  }

  @Test
  void aLineLongerThanTheLimitIsReportedOnceAndDroppedUpToItsEnd() {
    LineSplitter splitter = splitter(4);

    splitter.feed(utf8("1234\n123"));
    splitter.feed(utf8("45"));
    splitter.feed(utf8("6789"));
    splitter.feed(utf8("0\nok\n123456\nend\n"));

    assertThat(lines).containsExactly("1234", "ok", "end");
    assertThat(tooLong).isEqualTo(2);
  }

  @Test
  void theEndPassesOnALastLineWithoutNewline() {
    LineSplitter splitter = splitter(100);

    splitter.feed(utf8("done\nlast wor"));
    splitter.feed(utf8("ds"));
    splitter.end();
    splitter.end();

    assertThat(lines).containsExactly("done", "last words");
  }

  @Test
  void aCarriedLineLongerThanTheFirstBufferGrows() {
    LineSplitter splitter = splitter(10_000);
    String long1 = "x".repeat(3000);

    for (int i = 0; i < 3000; i += 100) {
      splitter.feed(utf8(long1.substring(i, i + 100)));
    }
    splitter.feed(utf8("\n"));

    assertThat(lines).containsExactly(long1);
  }
}
