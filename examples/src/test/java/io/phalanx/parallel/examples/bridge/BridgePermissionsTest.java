package io.phalanx.parallel.examples.bridge;

import io.phalanx.parallel.examples.WorkerProcesses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.phalanx.parallel.examples.bridge.BridgeExample.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client of the example's TCP bridge can reach: the pool's task address, and nothing else. Every message the
 * bridge puts on the event bus passes an outbound interceptor, so a refused message is seen never to be sent.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BridgePermissionsTest {

  private static final JsonObject TASK = new JsonObject().put("task", PrimeCount.class.getName())
    .put("args", new JsonObject().put("below", 10));

  private final List<String> sentOnTheBus = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private PoolBridge bridge;
  private BridgeSocket client;

  @BeforeEach
  void startThePoolBehindItsBridge() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      sentOnTheBus.add(delivery.message().address());
      delivery.next();
    });
    bridge = PoolBridge.start(vertx, ADDRESS, 1, "127.0.0.1", BridgeExample.freePort("127.0.0.1"))
      .await(60, TimeUnit.SECONDS);
    client = BridgeSocket.connect(vertx, bridge.host(), bridge.port());
  }

  @AfterEach
  void closeAndCheckNoWorkerSurvives() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
    WorkerProcesses.assertNoWorkerAlive(Duration.ofSeconds(10));
  }

  @Test
  void theTaskAddressAnswersThroughTheBridge() throws Exception {
    client.write(send(ADDRESS, "reply-1"));

    JsonObject reply = client.next();
    assertThat(reply.getString("type")).isEqualTo("message");
    assertThat(reply.getString("address")).isEqualTo("reply-1");
    assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject().put("result", 4));
    assertThat(sentOnTheBus).contains(ADDRESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {".worker.0", ".cancel", ".stats"})
  void sendsToOtherPoolAddressesAreRefused(String suffix) throws Exception {
    client.write(send(ADDRESS + suffix, "reply-1"));
    client.write(new JsonObject().put("type", "publish").put("address", ADDRESS + suffix).put("body", TASK));

    assertThat(client.next()).isEqualTo(accessDenied());
    assertThat(client.next()).isEqualTo(accessDenied());
    // the refusals came after the bridge decided: a permitted message would have been on the bus by now
    assertThat(sentOnTheBus).doesNotContain(ADDRESS + suffix);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".events", ".worker.0"})
  void noPoolAddressCanBeConsumedThroughIt(String suffix) throws Exception {
    client.write(new JsonObject().put("type", "register").put("address", ADDRESS + suffix));

    assertThat(client.next()).isEqualTo(accessDenied());
    // the task address still reaches the pool, not a consumer on the bridge's side
    client.write(send(ADDRESS, "reply-2"));
    assertThat(client.next().getJsonObject("body")).isEqualTo(new JsonObject().put("result", 4));
  }

  private static JsonObject send(String address, String replyAddress) {
    return new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress)
      .put("headers", new JsonObject()).put("body", TASK);
  }

  private static JsonObject accessDenied() {
    return new JsonObject().put("type", "err").put("message", "access_denied");
  }
}
