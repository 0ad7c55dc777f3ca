package io.phalanx.parallel.impl.channel;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel on a real socket, with a client that proves a token and then writes whatever it likes.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketFrameChannelTest {

  private static final int MAX_FRAME = 2048;

  private Context context;
  private ChannelServer server;
  private SocketChannel client;
  private final List<String> frames = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> broken = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    context = vertx.getOrCreateContext();
    CompletableFuture<ChannelServer.Expectation> expectation = new CompletableFuture<>();
    context.runOnContext(v -> {
      server = new ChannelServer(vertx, context, MAX_FRAME);
      server.listen().onSuccess(x -> {
        ChannelServer.Expectation expected = server.expect();
        expected.channel().onSuccess(channel -> channel.handlers(
          frame -> frames.add(new String(frame, StandardCharsets.UTF_8)), broken::complete, end -> ended.complete(null)));
        expectation.complete(expected);
      }).onFailure(expectation::completeExceptionally);
    });
    ChannelServer.Expectation expected = expectation.get(10, TimeUnit.SECONDS);
    client = SocketChannel.open(UnixDomainSocketAddress.of(expected.handshake().socketPath()));
    write(expected.handshake().tokenLine());
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    context.runOnContext(v -> server.close().onComplete(ar -> closed.complete(null)));
    closed.get(10, TimeUnit.SECONDS);
  }

  private void write(byte[] bytes) throws Exception {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      client.write(buffer);
    }
  }

  private void awaitFrames(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (frames.size() < count && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  @Test
  void linesArriveWholeAndInOrderHoweverTheyAreCut() throws Exception {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      all.append("{\"n\":").append(i).append("}\n");
    }
    byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
    for (int at = 0; at < bytes.length; at += 997) {
      write(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 997)));
    }

    awaitFrames(1_000);
    assertThat(frames).hasSize(1_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(frames.get(i)).isEqualTo("{\"n\":" + i + "}");
    }
    assertThat(broken).isNotDone();
  }

  @Test
  void aLineOverTheFrameLimitBreaksTheChannel() throws Exception {
    write(("{\"n\":1}\n" + "x".repeat(MAX_FRAME + 1) + "\n").getBytes(StandardCharsets.US_ASCII));

    assertThat(broken.get(10, TimeUnit.SECONDS)).contains("frame size limit of " + MAX_FRAME + " bytes");
    assertThat(frames).containsExactly("{\"n\":1}");
  }

  @Test
  void unendedMegabytesBreakChannelUnkept() throws Exception {
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'z');
    try {
      for (int i = 0; i < 32 && !broken.isDone(); i++) {
        write(chunk);
      }
    } catch (java.io.IOException closedByTheServer) {
      // the parent may close the connection while the client still writes
    }

    assertThat(broken.get(10, TimeUnit.SECONDS)).contains("frame size limit");
    assertThat(frames).isEmpty();
  }

  @Test
  void theOtherSideClosingEndsTheChannel() throws Exception {
    write("{\"n\":1}\n".getBytes(StandardCharsets.US_ASCII));
    client.close();

    ended.get(10, TimeUnit.SECONDS);
    assertThat(frames).containsExactly("{\"n\":1}");
  }
}
