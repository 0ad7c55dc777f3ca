package io.phalanx.parallel.impl.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the supervisor's event loop does with a worker's frames: a large frame it would have to build is decoded on a
 * worker thread while the channel reads nothing; a large result or progress update is only checked, on the loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IncomingFramesTest {

  private static final String ADDRESS = "test.large";

  private final Vertx vertx = Vertx.vertx();
  private final FrameCodec codec = new FrameCodec(Codecs.MAPPER);
  /** What the channel and its listener were told, in order, each with the thread it was told on. */
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private IncomingFrames incoming() {
    WorkerChannel.Listener listener = new WorkerChannel.Listener() {
      @Override
      public void ready(ReadyFrame ready) {
        record("ready");
      }

      @Override
      public void response(TaskResponseFrame response) {
        record("response " + response.id() + " ok " + response.ok()
          + (response.ok() ? " " + response.result().getClass().getSimpleName() : " " + response.error().message()
          .length()));
      }

      @Override
      public void responseOverLimit(long taskId, String why) {
        record("over limit " + taskId);
      }

      @Override
      public void progress(ProgressFrame progress) {
        record("progress " + progress.payload().getClass().getSimpleName());
      }

      @Override
      public void serviceCall(ServiceCallFrame call) {
        record("call " + call.id() + " " + call.headers().get("action") + " body " + (call.body() == null ? "none"
          : call.body() instanceof JsonNode ? "undecoded" : call.body().getClass().getSimpleName()));
      }

      @Override
      public void broken(String why) {
        record("broken " + why);
      }

      @Override
      public void writable() {
      }

      @Override
      public void exited(int status) {
      }
    };
    return new IncomingFrames(codec, ADDRESS::equals, new IncomingFrames.Owner() {
      @Override
      public WorkerChannel.Listener listener() {
        return listener;
      }

      @Override
      public void send(byte[] frame) {
        record("sent " + new String(frame, java.nio.charset.StandardCharsets.UTF_8).trim());
      }

      @Override
      public void log(String line) {
        record("log " + line);
      }

      @Override
      public void reading(boolean on) {
        record(on ? "reading on" : "reading off");
      }

      @Override
      public boolean takes(byte[] line) {
        return true;
      }
    });
  }

  private void record(String event) {
    events.add(event + (Context.isOnEventLoopThread() ? " (loop)" : " (" + Thread.currentThread().getName() + ")"));
  }

  /** Reads the lines one after the other on the context, as the channel hands them over. */
  private void read(byte[]... lines) {
    IncomingFrames incoming = incoming();
    context.runOnContext(v -> {
      for (byte[] line : lines) {
        incoming.read(trimmed(line));
      }
    });
  }

  private static byte[] trimmed(byte[] line) {
    return java.util.Arrays.copyOf(line, line.length - 1);
  }

  private String next() throws InterruptedException {
    String event = events.poll(30, TimeUnit.SECONDS);
    assertThat(event).as("an event within 30 s").isNotNull();
    return event;
  }

  private static JsonObject large() {
    JsonObject value = new JsonObject();
    for (int i = 0; i < 30_000; i++) {
      value.put("key-" + i, "value-" + i);
    }
    return value;
  }

  @Test
  void aLargeServiceCallIsDecodedAsideWithItsBodyWhileTheChannelWaits() throws Exception {
    byte[] line = codec.encode(new ServiceCallFrame(7, ADDRESS, Map.of("action", List.of("put")), large()));
    assertThat(line.length).isGreaterThan(IncomingFrames.ASIDE_BYTES);

    read(line);

    assertThat(next()).isEqualTo("reading off (loop)");
    assertThat(next()).isEqualTo("call 7 [put] body JsonObject (loop)");
    assertThat(next()).isEqualTo("reading on (loop)");
  }

  @Test
  void aSmallServiceCallIsHandedOnAtOnceWithItsBodyUndecoded() throws Exception {
    read(codec.encode(new ServiceCallFrame(8, ADDRESS, Map.of("action", List.of("get")), new JsonObject())));

    assertThat(next()).isEqualTo("call 8 [get] body undecoded (loop)");
    assertThat(events).isEmpty();
  }

  @Test
  void aLargeCallToAnAddressOutsideTheAllowlistIsRefusedUnread() throws Exception {
    read(codec.encode(new ServiceCallFrame(9, "elsewhere", Map.of(), large())));

    assertThat(next()).isEqualTo("call 9 null body none (loop)");
    assertThat(events).isEmpty();
  }

  @Test
  void aLargeFailureIsDecodedAside() throws Exception {
    RemoteError error = new RemoteError("java.lang.IllegalStateException", "m".repeat(300_000), List.of(), null, 0);

    read(codec.encode(TaskResponseFrame.failure(3, error, -1)));

    assertThat(next()).isEqualTo("reading off (loop)");
    assertThat(next()).isEqualTo("response 3 ok false 300000 (loop)");
    assertThat(next()).isEqualTo("reading on (loop)");
  }

  @Test
  void aLargeResultOrProgressUpdateIsOnlyCheckedOnTheLoop() throws Exception {
    read(codec.encode(TaskResponseFrame.success(4, large(), -1)), codec.encode(new ProgressFrame(5, large())));

    assertThat(next()).isEqualTo("response 4 ok true RawJson (loop)");
    assertThat(next()).isEqualTo("progress RawJson (loop)");
    assertThat(events).isEmpty();
  }

  @Test
  void aLargeFrameThatIsNotJsonBreaksTheWorkerAfterItsDecoding() throws Exception {
    byte[] line = ("{\"type\":\"service_call\",\"id\":1,\"address\":\"" + ADDRESS + "\",\"body\":["
      + "1,".repeat(200_000) + "}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    read(line);

    assertThat(next()).isEqualTo("reading off (loop)");
    assertThat(next()).startsWith("broken protocol error: malformed frame").endsWith("(loop)");
    assertThat(next()).isEqualTo("reading on (loop)");
  }
}
