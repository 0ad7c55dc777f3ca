package io.phalanx.parallel.impl.channel;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SocketLines} on a real socket: a JDK client writes, the lines are taken on a Vert.x context.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketLinesTest {

  private Context context;
  private NetServer server;
  private SocketChannel client;
  /** What the lines saw, in order: each line, "end", or "refused". */
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<SocketLines> lines = new CompletableFuture<>();

  /**
   * @param setUp called on the context with the new connection's lines before they are resumed; it may replace the
   *              handler that records each line
   */
  private void connect(Vertx vertx, int maxLineBytes, Consumer<SocketLines> setUp) throws Exception {
    context = vertx.getOrCreateContext();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    context.runOnContext(v -> {
      server = vertx.createNetServer().connectHandler(socket -> {
        SocketLines taken = new SocketLines(socket).maxLineBytes(maxLineBytes)
          .handler(line -> events.add(new String(line, StandardCharsets.UTF_8)))
          .endHandler(end -> events.add("end"))
          .exceptionHandler(e -> events.add("refused"));
        setUp.accept(taken);
        taken.resume();
        lines.complete(taken);
      });
      server.listen(0, "127.0.0.1").onSuccess(s -> port.complete(s.actualPort()))
        .onFailure(port::completeExceptionally);
    });
    client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port.get(10, TimeUnit.SECONDS)));
  }

  @BeforeEach
  void noConnectionYet() {
    client = null;
  }

  @AfterEach
  void close() throws Exception {
    if (client != null) {
      client.close();
    }
    CompletableFuture<Void> closed = new CompletableFuture<>();
    context.runOnContext(v -> server.close().onComplete(ar -> closed.complete(null)));
    closed.get(10, TimeUnit.SECONDS);
  }

  private void write(String text) throws Exception {
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      client.write(buffer);
    }
  }

  private void awaitEvents(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.size() < count && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(events).as("events within 10 s").hasSizeGreaterThanOrEqualTo(count);
  }

  @Test
  void aLineCutIntoSingleBytesArrivesWholeWithoutItsTerminator(Vertx vertx) throws Exception {
    connect(vertx, 1024, l -> { });
    for (char c : "héllo\r\nworld\n".toCharArray()) {
      write(String.valueOf(c));
    }

    awaitEvents(2);
    assertThat(events).containsExactly("héllo\r", "world");
  }

  @Test
  void pausingInTheHandlerHoldsTheRestOfTheReadUntilResumed(Vertx vertx) throws Exception {
    CompletableFuture<Void> pausedAfterThree = new CompletableFuture<>();
    connect(vertx, 1024, l -> l.handler(line -> {
      events.add(new String(line, StandardCharsets.UTF_8));
      if (events.size() == 3) {
        l.pause();
        pausedAfterThree.complete(null);
      }
    }));
    StringBuilder tenLines = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      tenLines.append(i).append('\n');
    }
    write(tenLines.toString());

    pausedAfterThree.get(10, TimeUnit.SECONDS);
    // a round trip through the context: had the rest of the read not been held, it would have been handed over now
    CompletableFuture<List<String>> seenWhilePaused = new CompletableFuture<>();
    context.runOnContext(v -> seenWhilePaused.complete(List.copyOf(events)));
    assertThat(seenWhilePaused.get(10, TimeUnit.SECONDS)).containsExactly("1", "2", "3");

    context.runOnContext(v -> lines.join().resume());
    write("11\n");
    awaitEvents(11);
    assertThat(events).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
  }

  @Test
  void resumingFromInsideTheHandlerKeepsTheOrder(Vertx vertx) throws Exception {
    connect(vertx, 1024, l -> l.handler(line -> {
      l.pause();
      events.add(new String(line, StandardCharsets.UTF_8));
      l.resume();
    }));
    write("a\nb\nc\n");

    awaitEvents(3);
    assertThat(events).containsExactly("a", "b", "c");
  }

  @Test
  void theEndComesAfterTheLastLineAndAnUnfinishedLineIsDropped(Vertx vertx) throws Exception {
    connect(vertx, 1024, l -> { });
    write("one\ntwo\nunfinished");
    client.close();

    awaitEvents(3);
    assertThat(events).containsExactly("one", "two", "end");
  }

  @Test
  void theEndWaitsForTheLinesHeldWhilePaused(Vertx vertx) throws Exception {
    CompletableFuture<Void> paused = new CompletableFuture<>();
    connect(vertx, 1024, l -> l.handler(line -> {
      events.add(new String(line, StandardCharsets.UTF_8));
      if (events.size() == 1) {
        l.pause();
        paused.complete(null);
      }
    }));
    write("one\ntwo\nthree\n");
    paused.get(10, TimeUnit.SECONDS);
    client.close();
    client = null;

    context.runOnContext(v -> lines.join().resume());
    awaitEvents(4);
    assertThat(events).containsExactly("one", "two", "three", "end");
  }

  @Test
  void aLineLongerThanTheLimitIsRefusedOnceEvenUnfinished(Vertx vertx) throws Exception {
    connect(vertx, 16, l -> { });
    write("short\n" + "x".repeat(10));
    awaitEvents(1);
    write("x".repeat(10));

    awaitEvents(2);
    assertThat(events).containsExactly("short", "refused");
  }

  @Test
  void aWholeLineAtTheLimitIsTakenAndOneByteMoreIsRefused(Vertx vertx) throws Exception {
    connect(vertx, 16, l -> { });
    write("y".repeat(16) + "\n" + "z".repeat(17) + "\nafter\n");

    awaitEvents(2);
    // a round trip through the context after the one read: nothing follows the refusal
    CompletableFuture<List<String>> seen = new CompletableFuture<>();
    context.runOnContext(v -> seen.complete(List.copyOf(events)));
    assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly("y".repeat(16), "refused");
  }
}
