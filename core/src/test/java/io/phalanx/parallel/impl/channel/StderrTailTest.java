package io.phalanx.parallel.impl.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StderrTailTest {

  @Test
  void keepsOnlyTheLastLinesInOrder() {
    StderrTail tail = new StderrTail(3);
    for (int i = 1; i <= 5; i++) {
      tail.add("line " + i);
    }

    assertThat(tail.lines()).containsExactly("line 3", "line 4", "line 5");
  }

  @Test
  void keepsEveryLineWhileUnderTheLimit() {
    StderrTail tail = new StderrTail(3);
    tail.add("a");
    tail.add("b");

    assertThat(tail.lines()).containsExactly("a", "b");
  }

  @Test
  void truncatesAVeryLongLine() {
    StderrTail tail = new StderrTail(3);
    String longLine = "x".repeat(600);

    tail.add(longLine);

    String kept = tail.lines().get(0);
    assertThat(kept).hasSizeLessThan(longLine.length()).startsWith("x".repeat(500)).endsWith("...");
    assertThat(kept).isEqualTo("x".repeat(500) + "...");
  }

  @Test
  void keepsALineOfExactly500CharsWhole() {
    StderrTail tail = new StderrTail(1);
    String line = "y".repeat(500);

    tail.add(line);

    assertThat(tail.lines()).containsExactly(line);
  }

  @Test
  void describeIsEmptyWhenNothingWasWritten() {
    assertThat(new StderrTail(5).describe()).isEmpty();
  }

  @Test
  void describeListsTheKeptLines() {
    StderrTail tail = new StderrTail(2);
    tail.add("dropped");
    tail.add("Exception in thread main");
    tail.add("\tat Foo.bar(Foo.java:1)");

    String described = tail.describe();

    assertThat(described).contains("stderr")
      .contains("Exception in thread main")
      .contains("\tat Foo.bar(Foo.java:1)")
      .doesNotContain("dropped");
    assertThat(described.indexOf("Exception in thread main")).isLessThan(described.indexOf("Foo.bar"));
    assertThat(described).isEqualTo("; last stderr lines:\n  Exception in thread main\n  \tat Foo.bar(Foo.java:1)");
  }

  @Test
  void containsFindsTextInsideAKeptLine() {
    StderrTail tail = new StderrTail(2);
    tail.add("java.lang.OutOfMemoryError: Java heap space");

    assertThat(tail.contains("OutOfMemoryError")).isTrue();
    assertThat(tail.contains("StackOverflowError")).isFalse();
  }

  @Test
  void containsDoesNotFindTextOfADroppedLine() {
    StderrTail tail = new StderrTail(1);
    tail.add("first marker");
    tail.add("second");

    assertThat(tail.contains("marker")).isFalse();
  }

  @Test
  void clearEmptiesTheTail() {
    StderrTail tail = new StderrTail(3);
    tail.add("a");
    tail.add("b");

    tail.clear();

    assertThat(tail.lines()).isEmpty();
    assertThat(tail.describe()).isEmpty();
    assertThat(tail.contains("a")).isFalse();
  }

  @Test
  void linesIsASnapshot() {
    StderrTail tail = new StderrTail(3);
    tail.add("a");
    var snapshot = tail.lines();

    tail.add("b");

    assertThat(snapshot).containsExactly("a");
  }
}
