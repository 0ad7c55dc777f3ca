package io.phalanx.parallel;

import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.DeploymentOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StartFailureTest extends PoolTestBase {

  @Test
  void aMissingJavaFailsTheDeploymentSayingSo() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(
      ParallelConfig.defaults().setAgents(2).setJavaCommand("/no/such/dir/java"))));
    assertThat(failure).hasMessageContaining("/no/such/dir/java").hasMessageContaining("not found");
  }

  @Test
  void classPathWithoutRuntimeFailsDeployment(@TempDir Path empty) {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(
      ParallelConfig.singleWorker().setClasspath(empty.toString()))));
    assertThat(failure).hasMessageContaining("io.phalanx.parallel.worker.WorkerMain")
      .hasMessageContaining("not on the worker class path");
  }

  @Test
  void workerNotReadyInTimeFailsDeploymentAndDies() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(
      ParallelConfig.singleWorker().setStartTimeout(1))));
    assertThat(failure).hasMessageContaining("start timeout");
    // the base class checks that the half-started worker is gone
  }

  @Test
  void anInvalidJsonConfigurationFailsTheDeployment() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(),
      new DeploymentOptions().setConfig(ParallelConfig.defaults().toJson().put("agents", 0))));
    assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agents");
  }
}
