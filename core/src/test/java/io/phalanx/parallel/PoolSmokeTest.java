package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.testing.WorkerProcesses;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PoolSmokeTest {

  @Test
  void addsInAWorker() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String id = vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker()))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(WorkerProcesses.alivePids()).hasSize(1);
      Integer sum = Parallel.create(vertx).inWorker(new Add(2, 3)).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
      assertThat(sum).isEqualTo(5);
      vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      WorkerProcesses.assertNoneAlive(Duration.ofSeconds(10));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
