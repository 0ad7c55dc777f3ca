package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Kaboom;
import io.phalanx.parallel.testing.PoolTestBase;
import io.phalanx.parallel.testing.WorkerProcesses;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelStatsTest extends PoolTestBase {

  private static final String ADDRESS = "phalanx.typed-stats";

  @Test
  void statsAgreesWithTheStatsAddress() {
    deploy(ParallelConfig.defaults().setAgents(2).setAddress(ADDRESS));
    Parallel parallel = Parallel.create(vertx, ADDRESS);
    await(parallel.map(List.of(1, 2, 3, 4, 5), i -> new Add(i, i), 4));
    failureOf(parallel.inWorker(new Kaboom("no")));

    PoolStats typed = await(parallel.stats());
    JsonObject raw = await(vertx.eventBus().<JsonObject>request(ADDRESS + ".stats", null)).body();

    // nothing runs between the two requests: the typed snapshot is the raw answer, key for key
    assertThat(typed.toJson()).isEqualTo(raw);
    assertThat(typed.getAddress()).isEqualTo(ADDRESS);
    assertThat(typed.isHealthy()).isTrue();
    assertThat(typed.getWorkers()).extracting(WorkerStats::getId).containsExactly("worker-0", "worker-1");
    assertThat(typed.getWorkers()).allSatisfy(worker -> {
      assertThat(worker.getState()).isEqualTo("IDLE");
      assertThat(worker.isLive()).isTrue();
      assertThat(worker.getProcesses()).isEqualTo(1);
      assertThat(worker.getHeapUsed()).isPositive();
    });
    assertThat(typed.getWorkers().stream().mapToLong(WorkerStats::getTasksDone).sum()).isEqualTo(6);
    assertThat(typed.getTasks().getCompleted()).isEqualTo(6);
    assertThat(typed.getTasks().getFailures()).containsEntry(FailureCodes.TASK_FAILED, 1L);
    assertThat(typed.getServices().getCalls()).isZero();
  }

  @Test
  void thePidsAreTheLiveWorkerProcesses() {
    // no class-data training JVM beside the workers: it runs the worker's main class too
    deploy(ParallelConfig.defaults().setAgents(2).setAddress(ADDRESS).setClassDataSharing(false));

    PoolStats stats = await(Parallel.create(vertx, ADDRESS).stats());

    List<Long> pids = stats.getWorkers().stream().map(WorkerStats::getPid).toList();
    assertThat(pids).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(WorkerProcesses.alivePids()).containsExactlyInAnyOrderElementsOf(pids);
  }

  @Test
  void withoutASupervisorStatsFailsWith503() {
    Throwable failure = failureOf(Parallel.create(vertx, "phalanx.nobody").stats());

    assertThat(failure).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("phalanx.nobody");
    assertThat(((ParallelException) failure).failureCode()).isEqualTo(FailureCodes.POOL_UNAVAILABLE);
  }
}
