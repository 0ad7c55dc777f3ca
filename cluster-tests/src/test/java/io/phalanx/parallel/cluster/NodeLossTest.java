package io.phalanx.parallel.cluster;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.cluster.tasks.WhereAmI;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NodeLossTest extends ClusterTestBase {

  /**
   * The client starts routing only now: its first tasks are sent before any node's announcement reached it, and one of
   * the three nodes dies before it could announce itself to it. Each task still settles in time: it waits for a node
   * that announced itself (never for one that did not), and a node lost while it holds tasks fails them.
   */
  @Test
  void killedBeforeAnnouncingSettlesWithinLossTimeout() throws Exception {
    cluster = new TestCluster(null, null).startNodes(Map.of(
      "steady-a", TestCluster.pool(2),
      "steady-b", TestCluster.pool(2),
      "doomed", TestCluster.pool(1)));
    Parallel parallel = cluster.parallel();
    long[] readyAt = new long[1];
    Future<Void> ready = parallel.ready().andThen(ar -> readyAt[0] = System.nanoTime());
    long lossTimeout = TestCluster.pool(1).getNodeLossTimeout();

    long[] settledAt = new long[8];
    List<Future<String>> tasks = new ArrayList<>();
    for (int i = 0; i < settledAt.length; i++) {
      int index = i;
      tasks.add(parallel.inWorker(new WhereAmI(300)).andThen(ar -> settledAt[index] = System.nanoTime()));
    }
    long killedAt = System.nanoTime();
    cluster.nodes.get("doomed").kill();
    try {
      Future.join(tasks).otherwiseEmpty().await(lossTimeout + 10_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError((int) tasks.stream().filter(task -> !task.isComplete()).count() + " of "
        + tasks.size() + " tasks still pending " + (lossTimeout + 10_000) + " ms after the kill", e);
    }

    ready.await(10, TimeUnit.SECONDS);
    for (int i = 0; i < tasks.size(); i++) {
      Future<String> task = tasks.get(i);
      // a task that succeeded waited for a node to be routable first: on a loaded machine the survivors start later
      // than the loss is settled, so its time counts from whichever came last
      long from = task.succeeded() ? Math.max(killedAt, readyAt[0]) : killedAt;
      assertThat(Duration.ofNanos(settledAt[i] - from)).as("task %d: %s", i, task.failed() ? task.cause()
        : task.result()).isLessThan(Duration.ofMillis(lossTimeout + 2_000));
      if (task.failed()) {
        assertThat(task.cause()).isInstanceOfAny(WorkerCrashedException.class, PoolUnavailableException.class);
      } else {
        assertThat(task.result()).isIn("steady-a", "steady-b", "doomed");
      }
    }
    cluster.awaitRouting(table -> table.getJsonArray("nodes").size() == 2).await(30, TimeUnit.SECONDS);
    assertThat(cluster.routing().getJsonArray("nodes").stream().map(JsonObject.class::cast)
      .map(node -> node.getString("name"))).containsExactlyInAnyOrder("steady-a", "steady-b");
    NodeProcess.awaitGone(cluster.workers.get("doomed"), Duration.ofSeconds(15));
  }

  @Test
  void killedNodeFailsOnlyItsTasksAndSurvivorServes() throws Exception {
    cluster = new TestCluster(null, null).start(Map.of(
      "doomed", TestCluster.pool(2),
      "survivor", TestCluster.pool(2)));
    String doomedId = cluster.nodeId("doomed");
    Parallel parallel = cluster.parallel();

    long[] settledAt = new long[120];
    CompletableFuture<Void> doomedAnswered = new CompletableFuture<>();
    List<Future<String>> tasks = new ArrayList<>();
    for (int i = 0; i < settledAt.length; i++) {
      int index = i;
      tasks.add(parallel.inWorker(new WhereAmI(100)).andThen(ar -> {
        settledAt[index] = System.nanoTime();
        if (ar.succeeded() && ar.result().equals("doomed")) {
          doomedAnswered.complete(null);
        }
      }));
    }
    doomedAnswered.get(60, TimeUnit.SECONDS);
    NodeProcess doomed = cluster.nodes.get("doomed");
    long killedAt = System.nanoTime();
    doomed.kill();
    Future.join(tasks).otherwiseEmpty().await(60, TimeUnit.SECONDS);

    int failed = 0;
    for (int i = 0; i < tasks.size(); i++) {
      Future<String> task = tasks.get(i);
      if (task.failed()) {
        failed++;
        assertThat(task.cause()).isInstanceOf(WorkerCrashedException.class)
          .hasMessageContaining("node 'doomed' (" + doomedId + ")")
          .hasMessageContaining("was lost");
        assertThat(Duration.ofNanos(settledAt[i] - killedAt)).as("from the kill to the failure")
          .isLessThan(Duration.ofSeconds(5));
      } else {
        assertThat(task.result()).isIn("doomed", "survivor");
      }
    }
    assertThat(failed).as("tasks the killed node held").isPositive();
    assertThat(cluster.routing().getJsonArray("nodes")).hasSize(1);

    List<String> later = parallel.map(IntStream.range(0, 30).boxed().toList(), i -> new WhereAmI(10), 30)
      .await(60, TimeUnit.SECONDS);
    assertThat(later).containsOnly("survivor").hasSize(30);
    // its workers notice that their parent is gone (their stdin closes) and exit
    NodeProcess.awaitGone(cluster.workers.get("doomed"), Duration.ofSeconds(15));
  }
}
