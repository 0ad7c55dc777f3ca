package io.phalanx.parallel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Halt;
import io.phalanx.parallel.fixtures.Kaboom;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's meters, read from a Micrometer registry after real tasks ran in real workers.
 */
class PoolMetricsTest extends PoolTestBase {

  private static final String ADDRESS = ParallelConfig.DEFAULT_ADDRESS;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void vertxWithMicrometerMetrics() {
    // replaces the extension's Vert.x (which the extension closes); the base class closes this one
    vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("phalanx-test-" + UUID.randomUUID())))
      .withMetrics(new MicrometerMetricsFactory(registry))
      .build();
  }

  @Test
  void everyTaskPassesThroughTheProcessPoolMetrics() {
    SupervisorVerticle supervisor = new SupervisorVerticle(ParallelConfig.defaults().setAgents(2).setMailboxLimit(50));
    await(vertx.deployVerticle(supervisor));
    int tasks = 40;

    List<Integer> sums = await(Parallel.create(vertx).map(IntStream.range(0, tasks).boxed().toList(),
      i -> new Add(i, i), tasks));

    assertThat(sums).hasSize(tasks);
    assertThat(supervisor.isMetricsEnabled()).isTrue();
    assertThat(vertxPoolCounter("vertx.pool.completed").count()).isEqualTo(tasks);
    assertThat(vertxPoolTimer("vertx.pool.queue.time").count()).isEqualTo(tasks);
    assertThat(vertxPoolTimer("vertx.pool.usage").count()).isEqualTo(tasks);
    assertThat(vertxPoolGauge("vertx.pool.queue.pending").value()).isZero();
    assertThat(vertxPoolGauge("vertx.pool.in.use").value()).isZero();
    assertThat(registry.get("phalanx.task.run").tag("pool", ADDRESS).timer().count()).isEqualTo(tasks);
    assertThat(registry.get("phalanx.task.wait").tag("pool", ADDRESS).timer().count()).isEqualTo(tasks);
    assertThat(registry.get("phalanx.task.run").tag("pool", ADDRESS).timer().totalTime(
      java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    JsonObject counters = stats().getJsonObject("tasks");
    assertThat(counters.getLong("accepted")).isEqualTo(tasks);
    assertThat(counters.getLong("completed")).isEqualTo(tasks);
    assertThat(counters.getLong("waited")).isEqualTo(tasks);
  }

  @Test
  void aTaskIsOnTheMetersByTheTimeItsCallerHasTheResult() {
    await(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker())));
    Parallel parallel = Parallel.create(vertx);

    for (int i = 1; i <= 30; i++) {
      assertThat(await(parallel.inWorker(new Add(i, 0)))).isEqualTo(i);
      assertThat(vertxPoolCounter("vertx.pool.completed").count()).as("after task " + i).isEqualTo(i);
      assertThat(vertxPoolGauge("vertx.pool.in.use").value()).as("after task " + i).isZero();
      assertThat(registry.get("phalanx.task.run").tag("pool", ADDRESS).timer().count()).isEqualTo(i);
    }
  }

  @Test
  void tasksInFlightShowAsInUseAndWaitingOnesAsPending() {
    await(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker())));
    Parallel parallel = Parallel.create(vertx);
    Future<Sleep.Span> running = parallel.inWorker(new Sleep(1_000));
    Future<Sleep.Span> waiting = parallel.inWorker(new Sleep(1));

    // both were accepted by the time the stats answer: the supervisor handles requests in order
    assertThat(stats().getJsonObject("tasks").getLong("accepted")).isEqualTo(2);
    assertThat(vertxPoolGauge("vertx.pool.in.use").value()).isEqualTo(1);
    assertThat(vertxPoolGauge("vertx.pool.queue.pending").value()).isEqualTo(1);
    await(Future.all(running, waiting));
    assertThat(vertxPoolGauge("vertx.pool.in.use").value()).isZero();
    assertThat(vertxPoolGauge("vertx.pool.queue.pending").value()).isZero();
    assertThat(vertxPoolCounter("vertx.pool.completed").count()).isEqualTo(2);
  }

  @Test
  void rejectionsAndRestartsAreCountedByCause() {
    await(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker().setMailboxLimit(0)
      .setRestartInitialDelay(10))));
    Parallel parallel = Parallel.create(vertx);

    Future<Sleep.Span> busy = parallel.inWorker(new Sleep(1_000));
    List<Throwable> refused = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refused.add(failureOf(parallel.inWorker(new Add(1, 1))));
    }
    await(busy);
    failureOf(parallel.inWorker(new Kaboom("no")));
    failureOf(parallel.inWorker(new Halt(3)));

    assertThat(refused).allSatisfy(e -> assertThat(((ParallelException) e).failureCode()).isEqualTo(429));
    assertThat(counter("phalanx.pool.rejections", "code", "429").count()).isEqualTo(3);
    assertThat(counter("phalanx.task.failures", "code", "500").count()).isEqualTo(1);
    assertThat(counter("phalanx.task.failures", "code", "502").count()).isEqualTo(1);
    // the caller hears of the crash before the pool schedules the restart, in the same turn of its event loop: the
    // stats request, answered on that loop, comes after it
    JsonObject counters = stats().getJsonObject("tasks");
    assertThat(counter("phalanx.pool.restarts", "cause", "exit").count()).isEqualTo(1);
    // the crashed task ran and ended too: the Vert.x pool saw three tasks, the rejected ones never entered it
    assertThat(vertxPoolCounter("vertx.pool.completed").count()).isEqualTo(3);
    assertThat(counters.getJsonObject("rejections").getLong("429")).isEqualTo(3);
    assertThat(counters.getJsonObject("failures").getLong("500")).isEqualTo(1);
    assertThat(counters.getJsonObject("restarts").getLong("exit")).isEqualTo(1);
  }

  @Test
  void retriesAndPoisonTasksAreCounted() {
    await(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker().setRetriesOnCrash(1)
      .setRestartInitialDelay(10))));
    Parallel parallel = Parallel.create(vertx);

    Throwable poison = failureOf(parallel.inWorker(new Halt(3)));

    assertThat(((ParallelException) poison).failureCode()).isEqualTo(422);
    assertThat(registry.get("phalanx.task.retries").tag("pool", ADDRESS).counter().count()).isEqualTo(1);
    assertThat(registry.get("phalanx.task.poisoned").tag("pool", ADDRESS).counter().count()).isEqualTo(1);
    assertThat(counter("phalanx.task.failures", "code", "422").count()).isEqualTo(1);
    JsonObject counters = stats().getJsonObject("tasks");
    assertThat(counters.getLong("retries")).isEqualTo(1);
    assertThat(counters.getLong("poisoned")).isEqualTo(1);
  }

  private Counter counter(String name, String tag, String value) {
    return registry.get(name).tag("pool", ADDRESS).tag(tag, value).counter();
  }

  private Counter vertxPoolCounter(String name) {
    return registry.get(name).tag("pool_type", "process").tag("pool_name", ADDRESS).counter();
  }

  private Timer vertxPoolTimer(String name) {
    return registry.get(name).tag("pool_type", "process").tag("pool_name", ADDRESS).timer();
  }

  private Gauge vertxPoolGauge(String name) {
    return registry.get(name).tag("pool_type", "process").tag("pool_name", ADDRESS).gauge();
  }

  private JsonObject stats() {
    return (JsonObject) await(vertx.eventBus().request(ADDRESS + ".stats", null)).body();
  }
}
