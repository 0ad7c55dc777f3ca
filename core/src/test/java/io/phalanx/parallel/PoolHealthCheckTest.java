package io.phalanx.parallel;

import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

class PoolHealthCheckTest extends PoolTestBase {

  private static final String ADDRESS = "phalanx.health";

  @Test
  void procedureIsKoWhileAWorkerIsDown() throws Exception {
    // the restart waits 2.5 to 5 s: long enough to look at the pool while its worker is down
    deploy(ParallelConfig.defaults().setAgents(2).setAddress(ADDRESS).setRestartInitialDelay(5_000));
    HealthChecks checks = PoolHealthCheck.register(HealthChecks.create(vertx), vertx, ADDRESS);
    BlockingQueue<JsonObject> events = events(ADDRESS);

    Status healthy = check(checks);
    assertThat(healthy.isOk()).isTrue();
    assertThat(healthy.getData().getJsonArray("workers")).hasSize(2);
    long pid = healthy.getData().getJsonArray("workers").getJsonObject(1).getLong("pid");

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    assertThat(nextEvent(events, "restarting").getString("worker")).isEqualTo("worker-1");

    Status degraded = check(checks);
    assertThat(degraded.isOk()).isFalse();
    JsonObject down = degraded.getData().getJsonArray("workers").getJsonObject(1);
    assertThat(down.getString("state")).isEqualTo("CRASHED");
    assertThat(down.getBoolean("live")).isFalse();
    assertThat(down.getString("lastCrash")).contains("killed by SIGKILL");
    assertThat(down.getInteger("restarts")).isEqualTo(1);
    assertThat(degraded.getData().getJsonArray("workers").getJsonObject(0).getBoolean("live")).isTrue();

    assertThat(nextEvent(events, "started").getString("worker")).isEqualTo("worker-1");
    Status recovered = check(checks);
    assertThat(recovered.isOk()).isTrue();
    assertThat(recovered.getData().getJsonArray("workers").getJsonObject(1).getLong("pid")).isNotEqualTo(pid);
  }

  @Test
  void withoutASupervisorTheProcedureIsKo() {
    HealthChecks checks = PoolHealthCheck.register(HealthChecks.create(vertx), vertx, "phalanx.nobody");

    Status status = await(checks.checkStatus("phalanx.nobody")).getStatus();

    assertThat(status.isOk()).isFalse();
    assertThat(status.getData().getString("reason")).contains("did not answer");
  }

  private static Status check(HealthChecks checks) {
    CheckResult result = await(checks.checkStatus(ADDRESS));
    return result.getStatus();
  }



  @Test
  void aRetiringWorkerKeepsThePoolOk() {
    JsonObject stats = new JsonObject().put("address", "a").put("draining", false).put("workers", new JsonArray()
      .add(new JsonObject().put("id", "worker-0").put("live", true))
      .add(new JsonObject().put("id", "worker-1").put("live", false).put("retiring", true)));

    Status status = PoolHealthCheck.status(stats);

    assertThat(status.isOk()).isTrue();
    assertThat(status.getData().getJsonArray("workers").getJsonObject(1).getBoolean("retiring")).isTrue();
  }
}
