package io.phalanx.parallel.protocol;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RemoteErrorTest {

  private static Throwable thrown(Throwable t) {
    try {
      throw t;
    } catch (Throwable caught) {
      return caught;
    }
  }

  private static int chainLength(RemoteError error) {
    int n = 0;
    for (RemoteError e = error; e != null; e = e.cause()) {
      n++;
    }
    return n;
  }

  @Test
  void capturesClassMessageAndStack() {
    Throwable t = thrown(new IllegalArgumentException("bad value"));

    RemoteError error = RemoteError.of(t);

    assertThat(error.className()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(error.message()).isEqualTo("bad value");
    assertThat(error.code()).isZero();
    assertThat(error.cause()).isNull();
    assertThat(error.stack()).hasSize(Math.min(t.getStackTrace().length, 256));
    StackTraceElement top = t.getStackTrace()[0];
    assertThat(error.stack().get(0)).isEqualTo(new RemoteError.StackFrame(
      RemoteErrorTest.class.getName(), "capturesClassMessageAndStack", "RemoteErrorTest.java", top.getLineNumber()));
    assertThat(error.stack()).containsExactly(Arrays.stream(t.getStackTrace()).limit(256)
      .map(RemoteError.StackFrame::of).toArray(RemoteError.StackFrame[]::new));
    assertThat(error.summary()).isEqualTo("java.lang.IllegalArgumentException: bad value");
  }

  @Test
  void aNullMessageStaysNullAndTheSummaryIsTheClassAlone() {
    RemoteError error = RemoteError.of(thrown(new NullPointerException()));

    assertThat(error.message()).isNull();
    assertThat(error.summary()).isEqualTo("java.lang.NullPointerException");
  }

  @Test
  void theCodeGoesOnTheOutermostErrorOnly() {
    RemoteError error = RemoteError.of(new IllegalStateException("outer", new IOException("inner")),
      RemoteError.CODE_INVALID_TASK);

    assertThat(error.code()).isEqualTo(400);
    assertThat(error.cause().code()).isZero();
  }

  @Test
  void capturesTheCauseChainInOrder() {
    Throwable t = new UncheckedIOException("outer",
      new IOException("middle", new IllegalStateException("inner")));

    RemoteError error = RemoteError.of(t);

    assertThat(error.className()).isEqualTo("java.io.UncheckedIOException");
    assertThat(error.cause().className()).isEqualTo("java.io.IOException");
    assertThat(error.cause().message()).isEqualTo("middle");
    assertThat(error.cause().cause().className()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.cause().cause().message()).isEqualTo("inner");
    assertThat(error.cause().cause().cause()).isNull();
    assertThat(error.cause().cause().stack()).hasSameSizeAs(t.getCause().getCause().getStackTrace());
  }

  @Test
  void aCyclicCauseChainStopsAtTheFirstRepeat() {
    Exception a = new Exception("a");
    Exception b = new Exception("b");
    a.initCause(b);
    b.initCause(a);

    RemoteError error = RemoteError.of(a);

    assertThat(error.message()).isEqualTo("a");
    assertThat(error.cause().message()).isEqualTo("b");
    assertThat(error.cause().cause()).isNull();
  }

  @Test
  void aLongerCycleAlsoStops() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    Exception c = new Exception("c", b);
    a.initCause(c);

    assertThat(chainLength(RemoteError.of(c))).isEqualTo(3);
  }

  @Test
  void theCauseChainIsBoundedAt16Levels() {
    Throwable t = new RuntimeException("level 40");
    for (int i = 39; i >= 1; i--) {
      t = new RuntimeException("level " + i, t);
    }

    RemoteError error = RemoteError.of(t);

    assertThat(chainLength(error)).isEqualTo(16).isEqualTo(RemoteError.MAX_CAUSE_DEPTH);
    RemoteError last = error;
    while (last.cause() != null) {
      last = last.cause();
    }
    assertThat(last.message()).isEqualTo("level 16");
  }

  @Test
  void aChainOfExactly16LevelsIsKeptWhole() {
    Throwable t = new RuntimeException("level 16");
    for (int i = 15; i >= 1; i--) {
      t = new RuntimeException("level " + i, t);
    }

    assertThat(chainLength(RemoteError.of(t))).isEqualTo(16);
  }

  @Test
  void theStackIsBoundedAt256InnermostFrames() {
    StackTraceElement[] elements = new StackTraceElement[1000];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = new StackTraceElement("com.acme.Deep", "level" + i, "Deep.java", i + 1);
    }
    Throwable t = new StackOverflowError();
    t.setStackTrace(elements);

    RemoteError error = RemoteError.of(t);

    assertThat(error.stack()).hasSize(256).hasSize(RemoteError.MAX_STACK_FRAMES);
    assertThat(error.stack().get(0).method()).isEqualTo("level0");
    assertThat(error.stack().get(255).method()).isEqualTo("level255");
    assertThat(error.stackTrace()).containsExactly(Arrays.copyOf(elements, 256));
  }

  @Test
  void stackTraceGivesElementsEqualToTheOriginal() {
    List<StackTraceElement> elements = new ArrayList<>();
    elements.add(new StackTraceElement("com.acme.Task", "run", "Task.java", 12));
    elements.add(new StackTraceElement("com.acme.Native", "call", null, -2));
    elements.add(new StackTraceElement("com.acme.Unknown", "call", "Unknown.java", -1));
    Throwable t = new IllegalStateException("x");
    t.setStackTrace(elements.toArray(StackTraceElement[]::new));

    StackTraceElement[] rebuilt = RemoteError.of(t).stackTrace();

    assertThat(rebuilt).containsExactlyElementsOf(elements);
    assertThat(rebuilt[1].isNativeMethod()).isTrue();
  }

  @Test
  void realStackKeepsEveryFramesDetails() {
    // A JVM-filled element also carries class loader and module names, which do not cross the wire, so
    // StackTraceElement.equals would differ on those; everything the protocol carries must be equal.
    Throwable t = thrown(new IllegalStateException("real"));

    StackTraceElement[] rebuilt = RemoteError.of(t).stackTrace();

    assertThat(rebuilt)
      .extracting(StackTraceElement::getClassName, StackTraceElement::getMethodName,
        StackTraceElement::getFileName, StackTraceElement::getLineNumber)
      .containsExactly(Arrays.stream(t.getStackTrace())
        .map(e -> tuple(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber()))
        .toArray(org.assertj.core.groups.Tuple[]::new));
  }

  @Test
  void aNullStackBecomesAnEmptyImmutableList() {
    RemoteError error = new RemoteError("a.B", null, null, null, 0);

    assertThat(error.stack()).isEmpty();
    assertThat(error.stackTrace()).isEmpty();
  }

  /** A task's exception whose own methods throw, as task code may write it. */
  private static final class Treacherous extends RuntimeException {
    private final String part;

    Treacherous(String part, Throwable cause) {
      super("hidden", cause);
      this.part = part;
    }

    @Override
    public String getMessage() {
      if (part.equals("message")) {
        throw new IllegalStateException("no message");
      }
      return super.getMessage();
    }

    @Override
    public StackTraceElement[] getStackTrace() {
      return switch (part) {
        case "stack" -> throw new UnsupportedOperationException("no stack");
        case "null stack" -> null;
        case "null frames" -> new StackTraceElement[] {null, new StackTraceElement("a.B", "c", "B.java", 3), null};
        default -> super.getStackTrace();
      };
    }

    @Override
    public synchronized Throwable getCause() {
      if (part.equals("cause")) {
        throw new IllegalStateException("no cause");
      }
      return super.getCause();
    }
  }

  @Test
  void aMessageThatThrowsIsReplacedBySayingSo() {
    RemoteError error = RemoteError.of(new Treacherous("message", new IOException("inner")));

    assertThat(error.className()).isEqualTo(Treacherous.class.getName());
    assertThat(error.message()).isEqualTo("(its getMessage() threw java.lang.IllegalStateException)");
    assertThat(error.stack()).isNotEmpty();
    assertThat(error.cause().message()).isEqualTo("inner");
  }

  @Test
  void aStackThatThrowsOrIsNullIsEmpty() {
    assertThat(RemoteError.of(new Treacherous("stack", null)).stack()).isEmpty();
    assertThat(RemoteError.of(new Treacherous("null stack", null)).stack()).isEmpty();
    assertThat(RemoteError.of(new Treacherous("stack", null)).message()).isEqualTo("hidden");
  }

  @Test
  void nullFramesAreLeftOut() {
    RemoteError error = RemoteError.of(new Treacherous("null frames", null));

    assertThat(error.stackTrace()).containsExactly(new StackTraceElement("a.B", "c", "B.java", 3));
  }

  @Test
  void aCauseThatThrowsEndsTheChain() {
    RemoteError error = RemoteError.of(new Treacherous("cause", new IOException("never seen")));

    assertThat(error.message()).isEqualTo("hidden");
    assertThat(error.cause()).isNull();
  }

  @Test
  void aTreacherousCauseIsDescribedAsFarAsItCanBe() {
    RemoteError error = RemoteError.of(new IllegalStateException("outer", new Treacherous("message", null)));

    assertThat(error.message()).isEqualTo("outer");
    assertThat(error.cause().className()).isEqualTo(Treacherous.class.getName());
    assertThat(error.cause().message()).startsWith("(its getMessage() threw");
  }
}
