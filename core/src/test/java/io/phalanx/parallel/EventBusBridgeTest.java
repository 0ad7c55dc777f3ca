package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool exposed through a TCP event-bus bridge as {@code docs/security.md} says to: inbound only the task
 * address, outbound nothing. A bridge client can run a task, and reaches neither a worker's own address, nor
 * cancellation, nor the stats, nor the events.
 */
class EventBusBridgeTest extends PoolTestBase {

  private static final String ADDRESS = "bridged.pool";

  /** Held for the test: Vert.x 5 closes a client's connections once the client is garbage collected. */
  private NetClient client;
  private NetSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  @BeforeEach
  void exposeThePoolThroughABridge() throws IOException {
    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS).setTaskTimeout(500));
    int port = freePort();
    await(TcpEventBusBridge.create(vertx, new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(ADDRESS)))
      .listen(port, "127.0.0.1"));
    client = vertx.createNetClient();
    socket = await(client.connect(port, "127.0.0.1"));
    // the bridge's framing: a 4-byte big-endian length, then that many bytes of JSON
    RecordParser parser = RecordParser.newFixed(4);
    parser.handler(new io.vertx.core.Handler<>() {
      private boolean header = true;

      @Override
      public void handle(Buffer buffer) {
        if (header) {
          parser.fixedSizeMode(buffer.getInt(0));
        } else {
          frames.add(new JsonObject(buffer));
          parser.fixedSizeMode(4);
        }
        header = !header;
      }
    });
    socket.handler(parser);
  }

  @Test
  void aBridgeClientSendsATaskButReachesNothingElse() throws Exception {
    JsonObject add = new JsonObject().put("task", Add.class.getName())
      .put("args", new JsonObject().put("a", 2).put("b", 3));

    JsonObject answer = exchange(new JsonObject().put("type", "send").put("address", ADDRESS)
      .put("replyAddress", "r-1").put("body", add));
    assertThat(answer.getString("type")).isEqualTo("message");
    assertThat(answer.getJsonObject("body")).isEqualTo(new JsonObject().put("result", 5));

    String id = UUID.randomUUID().toString();
    for (String forbidden : List.of(ADDRESS + ".worker.0", ADDRESS + ".cancel", ADDRESS + ".stats",
      ADDRESS + ".stats.all", ADDRESS + ".node.x", ADDRESS + ".capacity")) {
      JsonObject refusal = exchange(new JsonObject().put("type", "send").put("address", forbidden)
        .put("replyAddress", "r-2").put("body", forbidden.endsWith(".cancel") ? new JsonObject().put("request", id)
          : add));
      assertThat(refusal.getString("type")).as(forbidden).isEqualTo("err");
      assertThat(refusal.getString("message")).as(forbidden).isEqualTo("access_denied");
    }
    for (String forbidden : List.of(ADDRESS + ".events", ADDRESS + ".progress." + id, ADDRESS + ".capacity")) {
      JsonObject refusal = exchange(new JsonObject().put("type", "register").put("address", forbidden));
      assertThat(refusal.getString("message")).as(forbidden).isEqualTo("access_denied");
    }
    JsonObject stats = (JsonObject) await(vertx.eventBus().request(ADDRESS + ".stats", null)).body();
    assertThat(stats.getJsonObject("tasks").getLong("accepted")).as("tasks that reached the pool").isEqualTo(1);
  }

  @Test
  void bridgeClientsCannotLiftThePoolsLimits() throws Exception {
    JsonObject lifted = exchange(new JsonObject().put("type", "send").put("address", ADDRESS)
      .put("replyAddress", "r-1").put("headers", new JsonObject().put(EventBusHeaders.TIMEOUT, "0"))
      .put("body", new JsonObject().put("task", Sleep.class.getName())
        .put("args", new JsonObject().put("millis", 5_000).put("tag", ""))));
    JsonObject notATask = exchange(new JsonObject().put("type", "send").put("address", ADDRESS)
      .put("replyAddress", "r-2").put("body", new JsonObject().put("task", "java.lang.Runtime")));

    assertThat(lifted.getString("type")).isEqualTo("err");
    assertThat(lifted.getInteger("failureCode")).isEqualTo(FailureCodes.TASK_TIMEOUT);
    assertThat(notATask.getInteger("failureCode")).isEqualTo(FailureCodes.INVALID_TASK);
    assertThat(notATask.getString("message")).contains("java.lang.Runtime");
  }

  private JsonObject exchange(JsonObject frame) throws InterruptedException {
    byte[] json = frame.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    await(socket.write(Buffer.buffer().appendInt(json.length).appendBytes(json)));
    JsonObject answer = frames.poll(30, TimeUnit.SECONDS);
    assertThat(answer).as("an answer to " + frame).isNotNull();
    return answer;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
