package io.phalanx.parallel.impl;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipes of the real launcher: output reaches the context before the exit, input keeps its order whichever
 * thread writes it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdkProcessLauncherTest {

  @Test
  void everythingAProcessWroteArrivesOnTheContextBeforeItsExit(Vertx vertx) throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    CompletableFuture<Void> stderrEnded = new CompletableFuture<>();
    io.vertx.core.Context context = vertx.getOrCreateContext();
    WorkerProcess process = new JdkProcessLauncher(context)
      .launch("/bin/sh", List.of("-c", "echo one; echo two >&2; echo three; exit 3"))
      .await(10, TimeUnit.SECONDS);
    context.runOnContext(v -> process.handlers(
      out -> seen.add("out:" + new String(out, StandardCharsets.UTF_8).trim().replace('\n', ',')),
      end -> seen.add("out end"),
      err -> seen.add("err:" + new String(err, StandardCharsets.UTF_8).trim()),
      end -> {
        seen.add("err end");
        stderrEnded.complete(null);
      },
      status -> {
        assertThat(context.isEventLoopContext() && io.vertx.core.Vertx.currentContext() == context).isTrue();
        seen.add("exit");
        exited.complete(status);
      }));

    assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    // only stdout is ordered before the exit: stderr may end after it (a crashing JVM's last words), so wait for it
    stderrEnded.get(10, TimeUnit.SECONDS);
    assertThat(String.join("|", seen)).contains("one").contains("three").contains("err:two");
    assertThat(seen.indexOf("exit")).as("the exit comes after the end of stdout: " + seen)
      .isGreaterThan(seen.indexOf("out end"));
    assertThat(ProcessHandle.of(process.pid())).isEmpty();
  }

  @Test
  void aLargeFrameGoesThroughTheWriterThreadAndLaterSmallOnesWaitBehindIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    OutputStream slowPipe = new OutputStream() {
      @Override
      public void write(int b) {
        received.write(b);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len > JdkProcessLauncher.StdinWriter.DIRECT_WRITE_MAX_BYTES) {
          try {
            // a child that reads slowly
            release.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        received.write(b, off, len);
      }

      @Override
      public void close() {
        closed.countDown();
      }
    };
    JdkProcessLauncher.StdinWriter writer = new JdkProcessLauncher.StdinWriter(slowPipe, "test");
    byte[] big = "B".repeat(JdkProcessLauncher.StdinWriter.DIRECT_WRITE_MAX_BYTES + 1).getBytes();

    writer.write("first;".getBytes());
    writer.write(big);
    // returns at once although the big frame is stuck: the caller is an event loop
    writer.write(";last".getBytes());
    writer.close();
    assertThat(received.toString()).isEqualTo("first;");
    release.countDown();

    assertThat(closed.await(10, TimeUnit.SECONDS)).as("closed once the backlog is written").isTrue();
    assertThat(received.toString()).isEqualTo("first;" + new String(big) + ";last");
  }

  /** A pipe that records each write call. */
  private static final class RecordingPipe extends OutputStream {
    final java.util.List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void write(int b) {
      writes.add(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.add(new String(b, off, len));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void theFirstSmallFrameGoesOutAtOnceAndTheNextOnesTogetherWhenTheFlushRuns() {
    RecordingPipe pipe = new RecordingPipe();
    java.util.List<Runnable> flushes = new java.util.ArrayList<>();
    JdkProcessLauncher.StdinWriter writer = new JdkProcessLauncher.StdinWriter(pipe, "test", flushes::add);

    writer.write("one;".getBytes());
    assertThat(pipe.writes).containsExactly("one;");
    writer.write("two;".getBytes());
    writer.write("three;".getBytes());

    assertThat(pipe.writes).containsExactly("one;");
    assertThat(flushes).as("one flush per batch").hasSize(1);
    flushes.get(0).run();
    assertThat(pipe.writes).containsExactly("one;", "two;three;");

    writer.write("four;".getBytes());
    assertThat(pipe.writes).containsExactly("one;", "two;three;", "four;");
    assertThat(flushes).hasSize(2);
    flushes.get(1).run();
    assertThat(pipe.writes).as("nothing was gathered").hasSize(3);
  }

  @Test
  void gatheredFramesGoBeforeALargeFrameAndBeforeTheEndOfTheStream() throws Exception {
    RecordingPipe pipe = new RecordingPipe();
    java.util.List<Runnable> flushes = new java.util.ArrayList<>();
    JdkProcessLauncher.StdinWriter writer = new JdkProcessLauncher.StdinWriter(pipe, "test", flushes::add);
    String big = "B".repeat(JdkProcessLauncher.StdinWriter.DIRECT_WRITE_MAX_BYTES + 1);

    writer.write("small;".getBytes());
    writer.write(big.getBytes());
    writer.write(";shutdown".getBytes());
    writer.close();
    flushes.forEach(Runnable::run);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!pipe.closed && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(pipe.closed).as("closed once everything is written").isTrue();
    assertThat(String.join("", pipe.writes)).isEqualTo("small;" + big + ";shutdown");
  }
}
