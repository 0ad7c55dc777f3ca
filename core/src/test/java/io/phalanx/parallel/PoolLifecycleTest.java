package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.PoolTestBase;
import io.phalanx.parallel.testing.WorkerProcesses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PoolLifecycleTest extends PoolTestBase {

  @Test
  void startsAgentsWorkersAndUndeployLeavesNoneBehind() {
    String id = deploy(ParallelConfig.defaults().setAgents(3));
    List<Long> pids = WorkerProcesses.alivePids();
    assertThat(pids).hasSize(3);

    await(vertx.undeploy(id));

    WorkerProcesses.assertNoneAlive(Duration.ofSeconds(5));
  }

  @Test
  void theJsonConfigurationOfADeploymentConfiguresThePool() {
    ParallelConfig config = ParallelConfig.defaults().setAgents(2).setAddress("images.pool");
    await(vertx.deployVerticle(new SupervisorVerticle(), new DeploymentOptions().setConfig(config.toJson())));

    assertThat(WorkerProcesses.alivePids()).hasSize(2);
    assertThat(await(Parallel.create(vertx, "images.pool").inWorker(new Add(2, 3)))).isEqualTo(5);
  }

  @Test
  void eachWorkerHasItsOwnAddress() {
    deploy(ParallelConfig.defaults().setAgents(2).setAddress("pool"));
    Parallel parallel = Parallel.create(vertx, "pool");

    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < 3; i++) {
        assertThat(await(Parallel.create(vertx, "pool.worker." + n).inWorker(new WhoAmI())).workerId())
          .isEqualTo("worker-" + n);
      }
    }
    JsonObject reply = (JsonObject) await(vertx.eventBus().request("pool.worker.1",
      new JsonObject().put("task", WhoAmI.class.getName()))).body();
    assertThat(reply.getJsonObject("result").getString("workerId")).isEqualTo("worker-1");
    assertThat(await(parallel.inWorker(new Add(1, 1)))).isEqualTo(2);
  }

  @Test
  void requestsToAnAddressWithNoPoolFailAsUnavailable() {
    Throwable failure = failureOf(Parallel.create(vertx, "nobody.home").inWorker(new Add(1, 2)));
    assertThat(failure).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("nobody.home");
  }
}
