package io.phalanx.parallel;

import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A supervisor refuses to start with settings that conflict or JSON that does not read, before any worker spawns. */
class ConfigAtStartTest extends PoolTestBase {

  @Test
  void conflictingSettingsFailTheStartNamingBoth() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker()
      .setAnnounceInterval(1_000).setNodeLossTimeout(500))));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeLossTimeout")
      .hasMessageContaining("announceInterval");
  }

  @Test
  void aDeploymentConfigThatDoesNotReadFailsNamingTheKey() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(), new DeploymentOptions()
      .setConfig(new JsonObject().put("agents", 4_294_967_297L))));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agents");
  }
}
