package io.phalanx.parallel.impl.cluster;

import io.phalanx.parallel.EventBusHeaders;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.WorkerCrashedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing across nodes, on a plain Vert.x: the "nodes" are consumers of their node addresses here, and the
 * announcements are published by the test.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClusterRouterTest {

  private static final String ADDRESS = "test.router";

  private Vertx vertx;
  private ClusterRouter router;
  /** The requests each node received and holds unanswered. */
  private final Map<String, List<Message<Object>>> held = new ConcurrentHashMap<>();

  @BeforeEach
  void startRouter(Vertx vertx) throws Exception {
    this.vertx = vertx;
    router = ClusterRouter.of(vertx, ADDRESS);
    router.subscribed().await(10, TimeUnit.SECONDS);
  }

  private void holdingNode(String id) throws Exception {
    held.put(id, new ArrayList<>());
    vertx.eventBus().consumer(ClusterRouter.nodeAddress(ADDRESS, id), message -> held.get(id).add(message))
      .completion().await(10, TimeUnit.SECONDS);
  }

  private void announce(String id, long seq, int workers, int load, int free, long lossAfter) throws Exception {
    vertx.eventBus().publish(ClusterRouter.capacityAddress(ADDRESS), new JsonObject().put("node", id).put("seq", seq)
      .put("workers", workers).put("load", load).put("free", free).put("lossAfter", lossAfter));
  }

  private Future<Message<Object>> send() {
    return router.send(new JsonObject(), new DeliveryOptions());
  }

  @Test
  void routesInProportionToLiveWorkers() throws Exception {
    holdingNode("one");
    holdingNode("three");
    announce("one", 1, 1, 0, 100, 60_000);
    announce("three", 1, 3, 0, 100, 60_000);
    router.awaitNodes(2).await(10, TimeUnit.SECONDS);

    for (int i = 0; i < 40; i++) {
      assertThat(send()).isNotNull();
    }

    JsonObject table = router.table();
    assertThat(pendingOn(table, "one") + pendingOn(table, "three")).isEqualTo(40);
    assertThat(pendingOn(table, "one")).isBetween(9, 11);
  }

  @Test
  void tasksInTransitDoNotSkewTheSplit() throws Exception {
    holdingNode("one");
    holdingNode("three");
    announce("one", 1, 1, 0, 100, 60_000);
    announce("three", 1, 3, 0, 100, 60_000);
    router.awaitNodes(2).await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 20; i++) {
      send();
    }
    // the nodes announce while only some of those tasks have reached them
    announce("one", 2, 1, 1, 99, 60_000);
    announce("three", 2, 3, 2, 298, 60_000);
    router.awaitTable(table -> table.getJsonArray("nodes").stream().map(JsonObject.class::cast)
      .allMatch(node -> node.getInteger("load") > 0)).await(10, TimeUnit.SECONDS);

    for (int i = 0; i < 20; i++) {
      send();
    }

    assertThat(pendingOn(router.table(), "one")).isBetween(9, 11);
    assertThat(pendingOn(router.table(), "three")).isBetween(29, 31);
  }

  @Test
  void aBusyNodeIsAvoidedWhileAnotherHasIdleWorkers() throws Exception {
    holdingNode("busy");
    holdingNode("idle");
    announce("busy", 1, 2, 2, 200, 60_000);
    announce("idle", 1, 2, 0, 200, 60_000);
    router.awaitNodes(2).await(10, TimeUnit.SECONDS);

    send();
    send();

    assertThat(pendingOn(router.table(), "idle")).isEqualTo(2);
    assertThat(pendingOn(router.table(), "busy")).isZero();
  }

  @Test
  void aNodeThatAnswers429IsSkippedForTheNextOne() throws Exception {
    AtomicInteger fullAsked = new AtomicInteger();
    vertx.eventBus().consumer(ClusterRouter.nodeAddress(ADDRESS, "full"), message -> {
      fullAsked.incrementAndGet();
      message.fail(FailureCodes.MAILBOX_FULL, "full");
    }).completion().await(10, TimeUnit.SECONDS);
    vertx.eventBus().consumer(ClusterRouter.nodeAddress(ADDRESS, "roomy"), message -> message.reply("done"))
      .completion().await(10, TimeUnit.SECONDS);
    // stale figures: "full" looks far better
    announce("full", 1, 8, 0, 100, 60_000);
    announce("roomy", 1, 1, 50, 100, 60_000);
    router.awaitNodes(2).await(10, TimeUnit.SECONDS);

    Message<Object> reply = send().await(10, TimeUnit.SECONDS);

    assertThat(reply.body()).isEqualTo("done");
    assertThat(fullAsked).hasValue(1);
    assertThat(router.table().getLong("refusals")).isEqualTo(1);
  }

  @Test
  void whenEveryNodeRefusesTheCallerGetsTheLastRefusal() throws Exception {
    for (String id : List.of("a", "b")) {
      vertx.eventBus().consumer(ClusterRouter.nodeAddress(ADDRESS, id),
        message -> message.fail(FailureCodes.MAILBOX_FULL, id + " is full")).completion().await(10, TimeUnit.SECONDS);
      announce(id, 1, 1, 0, 10, 60_000);
    }
    router.awaitNodes(2).await(10, TimeUnit.SECONDS);

    Future<Message<Object>> refused = send();
    refused.otherwiseEmpty().await(10, TimeUnit.SECONDS);

    assertThat(router.table().getLong("refusals")).as("the first refusal made it try the other node").isEqualTo(1);
    assertThat(refused.cause()).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused.cause()).failureCode()).isEqualTo(FailureCodes.MAILBOX_FULL);
  }

  @Test
  void silentNodeIsDroppedAndItsTasksFail502() throws Exception {
    holdingNode("mute");
    announce("mute", 1, 2, 0, 100, 200);
    router.awaitNodes(1).await(10, TimeUnit.SECONDS);
    long sent = System.nanoTime();

    Future<Message<Object>> first = send();
    Future<Message<Object>> second = send();
    Future.join(first, second).otherwiseEmpty().await(10, TimeUnit.SECONDS);

    for (Future<Message<Object>> task : List.of(first, second)) {
      assertThat(task.cause()).isInstanceOf(WorkerCrashedException.class)
        .hasMessageContaining("node 'mute'").hasMessageContaining("was lost");
      assertThat(((WorkerCrashedException) task.cause()).failureCode()).isEqualTo(FailureCodes.WORKER_CRASHED);
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(5_000);
    assertThat(router.table().getJsonArray("nodes")).isEmpty();
    assertThat(router.table().getLong("lost")).isEqualTo(1);
    send();
    assertThat(router.table().getInteger("waiting")).as("no node known: the task waits for one").isEqualTo(1);
  }

  @Test
  void aNodeThatLeavesIsNoLongerChosen() throws Exception {
    holdingNode("stays");
    holdingNode("leaves");
    announce("stays", 1, 1, 0, 100, 60_000);
    announce("leaves", 1, 4, 0, 100, 60_000);
    router.awaitNodes(2).await(10, TimeUnit.SECONDS);
    vertx.eventBus().publish(ClusterRouter.capacityAddress(ADDRESS), new JsonObject().put("node", "leaves")
      .put("seq", 2).put("leaving", true));
    router.awaitTable(table -> table.getJsonArray("nodes").size() == 1).await(10, TimeUnit.SECONDS);

    send();
    send();

    assertThat(pendingOn(router.table(), "stays")).isEqualTo(2);
  }

  @Test
  void aCancelGoesToTheNodeHoldingTheRequest() throws Exception {
    holdingNode("holder");
    announce("holder", 1, 1, 0, 100, 60_000);
    router.awaitNodes(1).await(10, TimeUnit.SECONDS);

    router.send(new JsonObject(), new DeliveryOptions().addHeader("phalanx-request-id", "r-1"));

    assertThat(router.cancelAddress("r-1")).isEqualTo(ClusterRouter.nodeAddress(ADDRESS, "holder") + ".cancel");
    assertThat(router.cancelAddress("r-unknown")).isEqualTo(ADDRESS + ".cancel");
  }

  @Test
  void aTaskSentBeforeAnyAnnouncementWaitsForANode() throws Exception {
    io.vertx.core.Promise<Message<Object>> arrived = io.vertx.core.Promise.promise();
    vertx.eventBus().consumer(ClusterRouter.nodeAddress(ADDRESS, "late"), arrived::tryComplete)
      .completion().await(10, TimeUnit.SECONDS);
    Future<Void> ready = router.ready();
    Future<Message<Object>> early = send();
    assertThat(ready.isComplete()).isFalse();
    assertThat(router.table().getInteger("waiting")).isEqualTo(1);

    announce("late", 1, 1, 0, 100, 60_000);
    ready.await(10, TimeUnit.SECONDS);

    assertThat(pendingOn(router.table(), "late")).as("routed before ready() completed").isEqualTo(1);
    assertThat(early.isComplete()).isFalse();
    assertThat(router.table().getInteger("waiting")).isZero();
    arrived.future().await(10, TimeUnit.SECONDS).reply("ran");
    assertThat(early.await(10, TimeUnit.SECONDS).body()).isEqualTo("ran");
  }

  @Test
  void withNoNodeATaskFailsWith503AfterTheRoutingWait() throws Exception {
    long sent = System.nanoTime();

    Future<Message<Object>> task = send();
    task.otherwiseEmpty().await(10, TimeUnit.SECONDS);

    assertThat(task.cause()).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("ready()");
    assertThat(((PoolUnavailableException) task.cause()).failureCode()).isEqualTo(FailureCodes.POOL_UNAVAILABLE);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent))
      .isBetween(ClusterRouter.ROUTING_WAIT_MS - 50, ClusterRouter.ROUTING_WAIT_MS + 2_000);
  }

  @Test
  void aTaskWaitingForANodeIsCancelledAtOnce() throws Exception {
    String id = java.util.UUID.randomUUID().toString();
    Future<Message<Object>> task = router.send(new JsonObject(), new DeliveryOptions()
      .addHeader(EventBusHeaders.REQUEST_ID, id));

    assertThat(router.cancel(id).await(10, TimeUnit.SECONDS)).isTrue();
    task.otherwiseEmpty().await(10, TimeUnit.SECONDS);
    assertThat(task.cause()).isInstanceOf(TaskCancelledException.class);
    assertThat(router.table().getInteger("waiting")).isZero();
  }

  @Test
  void aLeavingNodeThatFallsSilentFailsItsTasks() throws Exception {
    holdingNode("drains");
    announce("drains", 1, 1, 0, 100, 300);
    router.awaitNodes(1).await(10, TimeUnit.SECONDS);
    Future<Message<Object>> task = send();
    vertx.eventBus().publish(ClusterRouter.capacityAddress(ADDRESS), new JsonObject().put("node", "drains")
      .put("name", "draining node").put("seq", 2).put("leaving", true).put("lossAfter", 300));
    router.awaitTable(table -> table.getJsonArray("leaving").size() == 1).await(10, TimeUnit.SECONDS);
    assertThat(router.table().getJsonArray("nodes")).isEmpty();

    task.otherwiseEmpty().await(10, TimeUnit.SECONDS);

    assertThat(task.cause()).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("'draining node'");
  }

  @Test
  void theTableNamesEachNodeByTheNameItAnnounced() throws Exception {
    vertx.eventBus().publish(ClusterRouter.capacityAddress(ADDRESS), new JsonObject().put("node", "n-1")
      .put("name", "host-a:4242").put("seq", 1).put("workers", 2).put("free", 10).put("lossAfter", 60_000));
    router.ready().await(10, TimeUnit.SECONDS);

    JsonObject node = router.table().getJsonArray("nodes").getJsonObject(0);
    assertThat(node.getString("node")).isEqualTo("n-1");
    assertThat(node.getString("name")).isEqualTo("host-a:4242");
    assertThat(router.table().getBoolean("ready")).isTrue();
  }

  private static int pendingOn(JsonObject table, String id) {
    return table.getJsonArray("nodes").stream().map(JsonObject.class::cast)
      .filter(node -> node.getString("node").equals(id))
      .mapToInt(node -> node.getInteger("pending")).findFirst().orElse(0);
  }
}
