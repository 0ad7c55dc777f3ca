package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Exhaust;
import io.phalanx.parallel.fixtures.Halt;
import io.phalanx.parallel.fixtures.Recurse;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.fixtures.Spin;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisionTest extends PoolTestBase {

  /** A worker that dies, and its restarts. */
  @Nested
  class Crashes {

    @Test
    void crashFailsQueuedTasksNextRunsInNewProcess() {
      Parallel parallel = deployPool(ParallelConfig.singleWorker());
      long firstPid = await(parallel.inWorker(new WhoAmI())).pid();

      Future<String> crash = parallel.inWorker(new Halt(3));
      Future<Integer> queued1 = parallel.inWorker(new Add(1, 1));
      Future<Integer> queued2 = parallel.inWorker(new Add(2, 2));

      for (Future<?> future : List.of(crash, queued1, queued2)) {
        Throwable failure = failureOf(future);
        assertThat(failure).isInstanceOf(WorkerCrashedException.class)
          .hasMessageContaining("worker-0").hasMessageContaining("exit code 3").hasMessageContaining("halting with 3");
        assertThat(((ParallelException) failure).failureCode()).isEqualTo(502);
      }
      WhoAmI.Answer after = awaitServing(parallel);
      assertThat(after.pid()).isNotEqualTo(firstPid);
    }

    @Test
    void idleKilledWorkerIsReplacedSilently() throws Exception {
      deploy(ParallelConfig.singleWorker());
      BlockingQueue<JsonObject> events = events(ParallelConfig.DEFAULT_ADDRESS);
      long pid = stats().getJsonArray("workers").getJsonObject(0).getLong("pid");

      ProcessHandle.of(pid).orElseThrow().destroyForcibly();

      assertThat(nextEvent(events, "crashed").getString("reason")).contains("killed by SIGKILL");
      JsonObject started = nextEvent(events, "started");
      assertThat(started.getLong("pid")).isNotEqualTo(pid);
      assertThat(await(Parallel.create(vertx).inWorker(new Add(2, 3)))).isEqualTo(5);
    }

    @Test
    void crashSparesTheOtherWorkersTask() {
      deploy(ParallelConfig.defaults().setAgents(2));
      Future<Sleep.Span> longTask = Parallel.create(vertx, "phalanx.parallel.worker.0").inWorker(new Sleep(1500));
      Throwable crash = failureOf(Parallel.create(vertx, "phalanx.parallel.worker.1").inWorker(new Halt(7)));

      assertThat(crash).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("worker-1");
      assertThat(await(longTask).workerId()).isEqualTo("worker-0");
    }

    @Test
    void pastRestartLimitWorkerStaysDownAndFailsFast() throws Exception {
      // listening before the deploy: the first start's "started" may be published just after the deploy completed
      BlockingQueue<JsonObject> events = events(ParallelConfig.DEFAULT_ADDRESS);
      deploy(ParallelConfig.singleWorker().setMaxRestarts(2).setRestartInitialDelay(10).setRestartMaxDelay(50));
      nextEvent(events, "started");
      Parallel parallel = Parallel.create(vertx);

      for (int crash = 1; crash <= 3; crash++) {
        assertThat(failureOf(parallel.inWorker(new Halt(1)))).isInstanceOf(WorkerCrashedException.class);
        if (crash < 3) {
          nextEvent(events, "started");
        }
      }
      assertThat(nextEvent(events, "gave_up").getString("reason")).contains("setMaxRestarts");

      for (int i = 0; i < 3; i++) {
        Throwable failure = failureOf(parallel.inWorker(new Add(1, 2)));
        assertThat(failure).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("no live worker");
        assertThat(((ParallelException) failure).failureCode()).isEqualTo(503);
      }
      assertThat(stats().getBoolean("healthy")).isFalse();
      assertThat(stats().getJsonArray("workers").getJsonObject(0).getString("state")).isEqualTo("CRASHED");
    }

    @Test
    void anOutOfMemoryErrorIsACrashAndARestart() {
      Parallel parallel = deployPool(ParallelConfig.singleWorker().setJvmOptions(List.of("-Xmx32m", "-XX:+UseSerialGC",
        "-XX:+ExitOnOutOfMemoryError")));

      Throwable failure = failureOf(parallel.inWorker(new Exhaust()));

      assertThat(failure).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("OutOfMemoryError");
      assertThat(awaitServing(parallel).pid()).isPositive();
    }

    @Test
    void outOfMemoryIsACrashWithoutExitOnOom() {
      Parallel parallel =
        deployPool(ParallelConfig.singleWorker().setJvmOptions(List.of("-Xmx32m", "-XX:+UseSerialGC")));

      Throwable failure = failureOf(parallel.inWorker(new Exhaust()));

      assertThat(failure).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("exit code 3");
      assertThat(awaitServing(parallel).pid()).isPositive();
    }

    @Test
    void aStackOverflowIsAnOrdinaryTaskFailure() {
      Parallel parallel = deployPool(ParallelConfig.singleWorker());
      long pid = await(parallel.inWorker(new WhoAmI())).pid();

      Throwable failure = failureOf(parallel.inWorker(new Recurse()));

      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(((TaskFailedException) failure).remoteClassName()).isEqualTo("java.lang.StackOverflowError");
      assertThat(await(parallel.inWorker(new WhoAmI())).pid()).isEqualTo(pid);
    }
  }

  @Nested
  class Timeouts {

    @Test
    void aTaskPastItsTimeoutIsKilledAndTheNextTaskWorks() {
      Parallel parallel = deployPool(ParallelConfig.singleWorker().setTaskTimeout(500));
      long started = System.nanoTime();

      Throwable failure = failureOf(parallel.inWorker(new Sleep(20_000)));

      assertThat(failure).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("500 ms");
      assertThat(((ParallelException) failure).failureCode()).isEqualTo(504);
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
      assertThat(await(parallel.inWorker(new Add(2, 2)))).isEqualTo(4);
    }

    @Test
    void perCallTimeoutWinsAndKillsACpuLoop() {
      Parallel parallel = deployPool(ParallelConfig.singleWorker());
      Throwable failure = failureOf(parallel.inWorker(new Spin(30_000), new TaskOptions().setTimeout(300)));
      assertThat(failure).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("300 ms");
      assertThat(await(parallel.inWorker(new Add(1, 1)))).isEqualTo(2);
    }
  }

  /** Workers replaced after maxTasksPerWorker tasks. */
  @Nested
  class Recycling {

    @Test
    void maxTasksPerWorkerRecyclesWithoutFailures() {
      Parallel parallel = deployPool(ParallelConfig.singleWorker().setMaxTasksPerWorker(3));

      Map<Long, Integer> tasksPerPid = new HashMap<>();
      for (int i = 0; i < 9; i++) {
        long pid = await(parallel.inWorker(new WhoAmI())).pid();
        tasksPerPid.merge(pid, 1, Integer::sum);
      }

      assertThat(tasksPerPid).hasSize(3);
      assertThat(tasksPerPid.values()).containsOnly(3);
    }

    @Test
    void recyclingDoesNotFailTasksSentAllAtOnce() {
      Parallel parallel = deployPool(ParallelConfig.singleWorker().setMaxTasksPerWorker(2));
      List<Future<WhoAmI.Answer>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(parallel.inWorker(new WhoAmI()));
      }
      Map<Long, Integer> tasksPerPid = new HashMap<>();
      for (Future<WhoAmI.Answer> future : futures) {
        tasksPerPid.merge(await(future).pid(), 1, Integer::sum);
      }
      assertThat(tasksPerPid.values()).containsOnly(2);
    }
  }

  @Nested
  class UndeployAndStats {

    @Test
    void undeployFinishesRunningFailsWaitingEndsChild() {
      String id = deploy(ParallelConfig.singleWorker());
      Parallel parallel = Parallel.create(vertx);
      long pid = await(parallel.inWorker(new WhoAmI())).pid();

      Future<Sleep.Span> running = parallel.inWorker(new Sleep(1500));
      List<Future<Integer>> waiting = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        waiting.add(parallel.inWorker(new Add(i, i)));
      }
      Future<Void> undeployed = vertx.undeploy(id);
      Throwable duringDrain = failureOf(parallel.inWorker(new Add(1, 1)));

      assertThat(await(running).pid()).isEqualTo(pid);
      for (Future<Integer> future : waiting) {
        Throwable failure = failureOf(future);
        assertThat(failure).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("draining");
        assertThat(((ParallelException) failure).failureCode()).isEqualTo(503);
      }
      assertThat(duringDrain).isInstanceOf(PoolUnavailableException.class);
      await(undeployed);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void statsAnswerEachWorkersStateAndCounts() {
      deploy(ParallelConfig.defaults().setAgents(2).setAddress("stats.pool"));
      await(Parallel.create(vertx, "stats.pool.worker.1").inWorker(new Add(1, 1)));

      JsonObject stats = (JsonObject) await(vertx.eventBus().request("stats.pool.stats", null)).body();

      assertThat(stats.getString("address")).isEqualTo("stats.pool");
      assertThat(stats.getBoolean("healthy")).isTrue();
      JsonObject worker1 = stats.getJsonArray("workers").getJsonObject(1);
      assertThat(worker1.getString("id")).isEqualTo("worker-1");
      assertThat(worker1.getString("state")).isEqualTo("IDLE");
      assertThat(worker1.getLong("pid")).isPositive();
      assertThat(worker1.getInteger("queued")).isZero();
      assertThat(worker1.getLong("tasksDone")).isEqualTo(1);
      assertThat(worker1.getInteger("restarts")).isZero();
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** After a crash the worker restarts with a backoff: retry until it serves, failing on anything but 503. */
  private WhoAmI.Answer awaitServing(Parallel parallel) {
    BlockingQueue<JsonObject> events = events(ParallelConfig.DEFAULT_ADDRESS);
    if (!stats().getJsonArray("workers").getJsonObject(0).getString("state").equals("IDLE")) {
      try {
        nextEvent(events, "started");
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return await(parallel.inWorker(new WhoAmI()));
  }

  private JsonObject stats() {
    return (JsonObject) await(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS + ".stats", null)).body();
  }
}
