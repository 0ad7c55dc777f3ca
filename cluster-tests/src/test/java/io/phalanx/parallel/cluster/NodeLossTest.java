package io.phalanx.parallel.cluster;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.cluster.tasks.WhereAmI;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NodeLossTest {

  private TestCluster cluster;

  @AfterEach
  void endCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNodeKilledMidLoadFailsOnlyItsTasksWithinSecondsAndLaterTasksRunOnTheSurvivor() throws Exception {
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
          .hasMessageContaining("node " + doomedId)
          .hasMessageContaining("was lost");
        assertThat(Duration.ofNanos(settledAt[i] - killedAt)).as("from the kill to the failure")
          .isLessThan(Duration.ofSeconds(5));
      } else {
        assertThat(task.result()).isIn("doomed", "survivor");
      }
    }
    assertThat(failed).as("tasks the killed node held").isPositive();
    assertThat(cluster.router().table().getJsonArray("nodes")).hasSize(1);

    List<String> later = parallel.map(IntStream.range(0, 30).boxed().toList(), i -> new WhereAmI(10), 30)
      .await(60, TimeUnit.SECONDS);
    assertThat(later).containsOnly("survivor").hasSize(30);
    // its workers notice that their parent is gone (their stdin closes) and exit
    NodeProcess.awaitGone(cluster.workers.get("doomed"), Duration.ofSeconds(15));
  }
}
