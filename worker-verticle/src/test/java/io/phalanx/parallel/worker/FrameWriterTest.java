package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holding responses back while more tasks wait: batched, and never for long.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrameWriterTest {

  /** What reached the pipe, and a signal at every flush. */
  private static final class Pipe extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CountDownLatch flushed = new CountDownLatch(1);
    int flushes;

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
      flushes++;
      flushed.countDown();
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private final Pipe pipe = new Pipe();
  private final FrameCodec codec = new FrameCodec(ProtocolMapper.create(), 1 << 20);
  /** Holds for up to a minute: the flusher never comes between the writes of a test. */
  private final FrameWriter writer = new FrameWriter(codec, new BufferedOutputStream(pipe, 64 * 1024),
    TimeUnit.MINUTES.toNanos(1));

  private static byte[] line(String text) {
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFrameNotHeldIsWrittenAtOnce() throws Exception {
    writer.writeEncoded(line("one"));

    assertThat(pipe.text()).isEqualTo("one\n");
  }

  @Test
  void heldFramesTravelWithTheNextFrameThatIsNot() throws Exception {
    writer.writeEncoded(line("one"), true);
    writer.writeEncoded(line("two"), true);
    assertThat(pipe.text()).isEmpty();

    writer.writeEncoded(line("three"), false);

    assertThat(pipe.text()).isEqualTo("one\ntwo\nthree\n");
    assertThat(pipe.flushes).isEqualTo(1);
  }

  @Test
  void noMoreThanTheLimitIsHeld() throws Exception {
    for (int i = 0; i < FrameWriter.MAX_HELD_FRAMES; i++) {
      writer.writeEncoded(line("f" + i), true);
    }

    assertThat(pipe.text()).contains("f0\n").contains("f" + (FrameWriter.MAX_HELD_FRAMES - 1) + "\n");
  }

  @Test
  void aHeldFrameIsWrittenByTheFlusherWhenNothingFollows() throws Exception {
    FrameWriter writer = new FrameWriter(codec, new BufferedOutputStream(pipe, 64 * 1024));
    long start = System.nanoTime();
    writer.writeEncoded(line("alone"), true);

    assertThat(pipe.flushed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pipe.text()).isEqualTo("alone\n");
    assertThat(System.nanoTime() - start).as("written by the flusher, not held forever")
      .isGreaterThanOrEqualTo(FrameWriter.MAX_HOLD_NANOS / 2);
  }

  @Test
  void aFrameHeldWhileTheFlusherLingersOrSleepsIsStillWrittenByIt() throws Exception {
    FrameWriter writer = new FrameWriter(codec, new BufferedOutputStream(pipe, 64 * 1024),
      TimeUnit.MILLISECONDS.toNanos(1));
    writer.writeEncoded(line("first"), true);
    awaitText("first\n");
    // the flusher looks on its own for a while after a hold: this one needs no wake-up
    writer.writeEncoded(line("lingering"), true);
    awaitText("first\nlingering\n");

    awaitUntil(writer::flusherAsleep);
    writer.writeEncoded(line("asleep"), true);

    awaitText("first\nlingering\nasleep\n");
  }

  private void awaitText(String expected) {
    awaitUntil(() -> pipe.text().equals(expected));
    assertThat(pipe.text()).isEqualTo(expected);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 10 s").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  @Test
  void onlyAQuickTasksResponseIsHeld() {
    FrameWriter writer = new FrameWriter(codec, pipe, TimeUnit.MILLISECONDS.toNanos(1));

    assertThat(writer.worthHolding(TimeUnit.MICROSECONDS.toNanos(200))).isTrue();
    assertThat(writer.worthHolding(TimeUnit.MILLISECONDS.toNanos(1))).isFalse();
    assertThat(writer.worthHolding(TimeUnit.SECONDS.toNanos(2))).isFalse();
  }

  /** A write's flush that waits until released, and tells whether its thread's interrupt flag was set meanwhile. */
  private static final class HeldFlush extends OutputStream {
    final CountDownLatch inFlush = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean interruptedInFlush;

    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] b, int off, int len) {
    }

    @Override
    public void flush() {
      inFlush.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        interruptedInFlush = true;
      }
      interruptedInFlush |= Thread.currentThread().isInterrupted();
    }
  }

  @Test
  @Timeout(20)
  void anInterruptForATaskWaitsUntilItsThreadIsOutOfAWrite() throws Exception {
    HeldFlush out = new HeldFlush();
    FrameWriter writer = new FrameWriter(codec, out);
    boolean[] interruptedAfter = new boolean[1];
    Thread task = new Thread(() -> {
      try {
        writer.writeEncoded(line("progress"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      // the cancellation's interrupt comes once the write is over
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
      interruptedAfter[0] = true;
    });
    task.start();
    out.inFlush.await();
    Thread canceller = new Thread(() -> writer.interruptBetweenWrites(task));
    canceller.start();
    while (canceller.getState() != Thread.State.BLOCKED) {
      Thread.onSpinWait();
    }

    out.release.countDown();
    task.join();
    canceller.join();

    assertThat(out.interruptedInFlush).isFalse();
    assertThat(interruptedAfter[0]).isTrue();
  }
}
