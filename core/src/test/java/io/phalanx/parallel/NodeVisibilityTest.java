package io.phalanx.parallel;

import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a Vert.x that is not clustered: readiness, and the node's name in stats and events (the cluster tests check the
 * same across nodes).
 */
class NodeVisibilityTest extends PoolTestBase {

  private static final String ADDRESS = "visible.pool";

  @Test
  void readyCompletesOnceAPoolServesTheAddress() {
    Parallel parallel = Parallel.create(vertx, ADDRESS);
    Future<Void> ready = parallel.ready();
    assertThat(parallel.routing().getBoolean("ready")).isFalse();

    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS));

    await(ready);
    assertThat(parallel.ready().isComplete()).as("ready at once when it is").isTrue();
    assertThat(parallel.routing().getBoolean("clustered")).isFalse();
    assertThat(parallel.routing().getBoolean("ready")).isTrue();
  }

  @Test
  void statsAndEventsNameTheNode() throws InterruptedException {
    BlockingQueue<JsonObject> events = events(ADDRESS);
    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS).setNodeName("node-x"));

    JsonObject stats = stats(ADDRESS + ".stats", null);
    JsonObject all = stats(ADDRESS + ".stats", new JsonObject().put("scope", "cluster"));
    JsonObject alias = stats(ADDRESS + ".stats.all", null);

    assertThat(stats.getString("node")).isEqualTo("node-x");
    assertThat(nextEvent(events, "started").getString("node")).isEqualTo("node-x");
    for (JsonObject cluster : new JsonObject[]{all, alias}) {
      assertThat(cluster.getString("scope")).isEqualTo("cluster");
      assertThat(cluster.getJsonArray("nodes")).hasSize(1);
      assertThat(cluster.getJsonArray("nodes").getJsonObject(0).getString("node")).isEqualTo("node-x");
      assertThat(cluster.getJsonArray("unreachable")).isEmpty();
    }
    Throwable refused = failureOf(vertx.eventBus().request(ADDRESS + ".stats", new JsonObject()
      .put("scope", "galaxy")));
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(FailureCodes.INVALID_TASK);
    assertThat(refused.getMessage()).contains("scope");
  }

  @Test
  void theDefaultNodeNameIsHostColonPid() {
    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS));

    assertThat(stats(ADDRESS + ".stats", null).getString("node"))
      .endsWith(":" + ProcessHandle.current().pid()).doesNotStartWith(":");
  }

  private JsonObject stats(String address, JsonObject body) {
    return (JsonObject) await(vertx.eventBus().request(address, body)).body();
  }
}
