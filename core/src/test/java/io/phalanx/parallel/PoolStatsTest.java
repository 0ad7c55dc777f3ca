package io.phalanx.parallel;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolStatsTest {

  /** The example answer of {@code <address>.stats} (docs/event-bus-api.md), a crashed worker and a later key added. */
  private static final JsonObject ANSWER = new JsonObject("""
    {"address": "phalanx.parallel", "node": "node-a", "healthy": false, "draining": false,
     "workers": [{"id": "worker-0", "index": 0, "state": "IDLE", "pid": 4242, "queued": 3, "prefetched": 1,
                  "running": true, "tasksDone": 17, "restarts": 0, "processes": 1, "live": true,
                  "heapUsed": 5242880},
                 {"id": "worker-1", "index": 1, "state": "CRASHED", "pid": null, "queued": 0, "prefetched": 0,
                  "running": false, "tasksDone": 2, "restarts": 1, "processes": 2, "live": false,
                  "lastCrash": "exit code 137 (killed by SIGKILL)"}],
     "tasks": {"accepted": 19, "waited": 19, "waitNanos": 912000, "completed": 18, "runNanos": 41200000,
               "rejections": {"429": 2}, "failures": {"500": 1}, "restarts": {"exit": 1}},
     "services": {"calls": 120, "refused": 0, "failed": 1, "addresses": {"app.results": 120}},
     "later": {"unknown": ["kept"]}}""");

  @Test
  void toJsonGivesBackTheAnswerExactly() {
    PoolStats stats = new PoolStats(ANSWER);

    assertThat(stats.toJson()).isEqualTo(ANSWER);
    assertThat(new PoolStats(stats.toJson())).isEqualTo(stats).hasSameHashCodeAs(stats);
    assertThat(stats.toJson().getJsonObject("later").getJsonArray("unknown")).containsExactly("kept");
  }

  @Test
  void theGettersReadEveryDocumentedKey() {
    PoolStats stats = new PoolStats(ANSWER);

    assertThat(stats.getAddress()).isEqualTo("phalanx.parallel");
    assertThat(stats.getNode()).isEqualTo("node-a");
    assertThat(stats.isHealthy()).isFalse();
    assertThat(stats.isDraining()).isFalse();
    assertThat(stats.getWorkers()).hasSize(2);

    WorkerStats idle = stats.getWorkers().get(0);
    assertThat(idle.getId()).isEqualTo("worker-0");
    assertThat(idle.getIndex()).isZero();
    assertThat(idle.getState()).isEqualTo("IDLE");
    assertThat(idle.getPid()).isEqualTo(4242L);
    assertThat(idle.getQueued()).isEqualTo(3);
    assertThat(idle.getPrefetched()).isEqualTo(1);
    assertThat(idle.isRunning()).isTrue();
    assertThat(idle.getTasksDone()).isEqualTo(17);
    assertThat(idle.getRestarts()).isZero();
    assertThat(idle.getProcesses()).isEqualTo(1);
    assertThat(idle.isLive()).isTrue();
    assertThat(idle.getHeapUsed()).isEqualTo(5_242_880L);
    assertThat(idle.getLastCrash()).isNull();

    WorkerStats crashed = stats.getWorkers().get(1);
    assertThat(crashed.getPid()).isNull();
    assertThat(crashed.getHeapUsed()).isNull();
    assertThat(crashed.isLive()).isFalse();
    assertThat(crashed.getLastCrash()).contains("SIGKILL");

    TaskStats tasks = stats.getTasks();
    assertThat(tasks.getAccepted()).isEqualTo(19);
    assertThat(tasks.getWaited()).isEqualTo(19);
    assertThat(tasks.getWaitNanos()).isEqualTo(912_000);
    assertThat(tasks.getCompleted()).isEqualTo(18);
    assertThat(tasks.getRunNanos()).isEqualTo(41_200_000);
    assertThat(tasks.getRejections()).isEqualTo(Map.of(FailureCodes.MAILBOX_FULL, 2L));
    assertThat(tasks.getFailures()).isEqualTo(Map.of(FailureCodes.TASK_FAILED, 1L));
    assertThat(tasks.getRestarts()).isEqualTo(Map.of("exit", 1L));

    ServiceStats services = stats.getServices();
    assertThat(services.getCalls()).isEqualTo(120);
    assertThat(services.getRefused()).isZero();
    assertThat(services.getFailed()).isEqualTo(1);
    assertThat(services.getAddresses()).isEqualTo(Map.of("app.results", 120L));
  }

  @Test
  void missingKeysReadAsNullFalseOrZero() {
    PoolStats stats = new PoolStats(new JsonObject().put("address", "a"));

    assertThat(stats.getNode()).isNull();
    assertThat(stats.isHealthy()).isFalse();
    assertThat(stats.getWorkers()).isEmpty();
    assertThat(stats.getTasks().getAccepted()).isZero();
    assertThat(stats.getTasks().getRejections()).isEmpty();
    assertThat(stats.getServices().getAddresses()).isEmpty();
    assertThat(stats.toJson()).isEqualTo(new JsonObject().put("address", "a"));
  }

  @Test
  void aSnapshotIsNotChangedThroughItsJson() {
    JsonObject answer = ANSWER.copy();
    PoolStats stats = new PoolStats(answer);

    answer.put("healthy", true);
    stats.toJson().put("draining", true);
    stats.getWorkers().get(0).toJson().put("pid", 1);

    assertThat(stats.toJson()).isEqualTo(ANSWER);
    assertThatThrownBy(() -> stats.getWorkers().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aMalformedAnswerFailsInTheConstructor() {
    assertThatThrownBy(() -> new PoolStats(new JsonObject().put("workers", "none")))
      .isInstanceOf(ClassCastException.class);
  }
}
