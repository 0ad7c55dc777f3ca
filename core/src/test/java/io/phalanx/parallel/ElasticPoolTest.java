package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.fixtures.Spin;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** An elastic pool with real workers: it shrinks when idle, grows under load, resizes, and loses no task. */
class ElasticPoolTest extends PoolTestBase {

  private static final String ADDRESS = ParallelConfig.DEFAULT_ADDRESS;

  private static ParallelConfig elastic(int min, int max, long idleTimeout) {
    return ParallelConfig.defaults().setAgents(min).setMinAgents(min).setMaxAgents(max).setIdleTimeout(idleTimeout);
  }

  private PoolStats stats() {
    return await(Parallel.create(vertx).stats());
  }

  private static List<Integer> items(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  @Test
  void shrinksToMinAgentsAfterIdleTimeout() throws Exception {
    BlockingQueue<JsonObject> events = events(ADDRESS);
    deploy(elastic(1, 2, 500).setAgents(2));

    JsonObject retiring = nextEvent(events, "retiring");
    JsonObject removed = nextEvent(events, "removed");

    assertThat(retiring.getString("reason")).isEqualTo("idle");
    assertThat(removed.getString("worker")).isEqualTo(retiring.getString("worker"));
    PoolStats stats = stats();
    assertThat(stats.getAgents()).isEqualTo(1);
    assertThat(stats.getWorkers()).hasSize(1);
    assertThat(stats.isHealthy()).isTrue();
  }

  @Test
  void growsBackUnderLoad() throws Exception {
    BlockingQueue<JsonObject> events = events(ADDRESS);
    Parallel parallel = deployPool(elastic(1, 2, 60_000));

    Future<List<Long>> batch = parallel.map(items(400), i -> new Spin(5), 16);

    JsonObject added = nextEvent(events, "added");
    assertThat(added.getString("reason")).isEqualTo("load");
    assertThat(nextEvent(events, "started").getString("worker")).isEqualTo(added.getString("worker"));
    assertThat(await(batch)).hasSize(400);
    assertThat(stats().getWorkers()).hasSize(2).allMatch(WorkerStats::isLive);
  }

  @Test
  void noTaskFailsInFiveGrowAndShrinkCycles() throws Exception {
    BlockingQueue<JsonObject> events = events(ADDRESS);
    Parallel parallel = deployPool(elastic(1, 2, 300));
    int failed = 0;

    for (int cycle = 0; cycle < 5; cycle++) {
      Future<List<AsyncResult<Long>>> batch = parallel.mapSettled(items(1_000), i -> new Spin(1), 32);
      assertThat(nextEvent(events, "added").getString("reason")).as("cycle %d grows", cycle).isEqualTo("load");
      failed += (int) await(batch).stream().filter(AsyncResult::failed).count();
      assertThat(nextEvent(events, "removed")).as("cycle %d shrinks", cycle).isNotNull();
      assertThat(stats().getWorkers()).hasSize(1);
    }

    assertThat(failed).isZero();
    assertThat(stats().getTasks().getFailures()).isEmpty();
    assertThat(stats().getTasks().getCompleted()).isEqualTo(5_000);
  }

  @Test
  void resizeGrowsAndShrinksTheLivePool() {
    Parallel parallel = deployPool(elastic(1, 3, 60_000));

    assertThat(await(parallel.resize(3))).isEqualTo(3);
    assertThat(stats().getWorkers()).hasSize(3).allMatch(WorkerStats::isLive);
    assertThat(await(parallel.resize(1))).isEqualTo(1);

    PoolStats stats = stats();
    assertThat(stats.getAgents()).isEqualTo(1);
    assertThat(stats.getWorkers()).extracting(WorkerStats::getId).containsExactly("worker-0");
  }

  @Test
  void aShrinkLetsRunningTasksFinish() throws Exception {
    Parallel parallel = deployPool(elastic(1, 2, 60_000).setAgents(2));
    Future<Sleep.Span> onZero = Parallel.create(vertx, ADDRESS + ".worker.0").inWorker(new Sleep(1_000));
    Future<Sleep.Span> onOne = Parallel.create(vertx, ADDRESS + ".worker.1").inWorker(new Sleep(1_000));
    awaitRunning(2);

    Future<Integer> resized = parallel.resize(1);

    assertThat(await(resized)).isEqualTo(1);
    assertThat(await(onOne).workerId()).isEqualTo("worker-1");
    assertThat(await(onZero).workerId()).isEqualTo("worker-0");
    assertThat(stats().getWorkers()).extracting(WorkerStats::getId).containsExactly("worker-0");
  }

  /** Waits until {@code count} workers run a task, as {@code .stats} tells. */
  private void awaitRunning(int count) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (stats().getWorkers().stream().filter(WorkerStats::isRunning).count() < count) {
      assertThat(System.nanoTime()).as("%d workers running within 30 s", count).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void aResizeOutOfBoundsIs400NamingTheValue() {
    deploy(elastic(1, 3, 60_000));

    Throwable overBus = failureOf(vertx.eventBus().request(ADDRESS + ".resize", new JsonObject().put("agents", 9)));
    Throwable viaClient = failureOf(Parallel.create(vertx).resize(0));
    Throwable notANumber = failureOf(vertx.eventBus().request(ADDRESS + ".resize",
      new JsonObject().put("agents", "many")));

    assertThat(((ReplyException) overBus).failureCode()).isEqualTo(400);
    assertThat(overBus).hasMessageContaining("was 9").hasMessageContaining("between 1 and 3");
    assertThat(viaClient).isInstanceOf(ParallelException.class).hasMessageContaining("was 0");
    assertThat(((ParallelException) viaClient).failureCode()).isEqualTo(400);
    assertThat(((ReplyException) notANumber).failureCode()).isEqualTo(400);
    assertThat(stats().getAgents()).isEqualTo(1);
  }

  @Test
  void theAddressOfARemovedWorkerAnswers503() {
    deploy(elastic(1, 2, 60_000).setAgents(2));
    await(Parallel.create(vertx).resize(1));

    Throwable failure = failureOf(Parallel.create(vertx, ADDRESS + ".worker.1").inWorker(new WhoAmI()));

    assertThat(failure).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("worker-1");
    assertThat(await(Parallel.create(vertx, ADDRESS + ".worker.0").inWorker(new WhoAmI())).workerId())
      .isEqualTo("worker-0");
  }

  @Test
  void theResizeReplyNamesTheBounds() {
    deploy(elastic(1, 2, 60_000));

    JsonObject reply = (JsonObject) await(vertx.eventBus().request(ADDRESS + ".resize",
      new JsonObject().put("agents", 2))).body();

    assertThat(reply).isEqualTo(new JsonObject().put("agents", 2).put("minAgents", 1).put("maxAgents", 2));
  }
}
