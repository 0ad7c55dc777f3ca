package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.testing.PoolTestBase;
import io.phalanx.parallel.testing.WorkerProcesses;
import io.vertx.core.AsyncResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10 000 tasks while workers are SIGKILLed at random: every task gets exactly one outcome, its result or a typed
 * failure, and the pool is whole again afterwards.
 */
class ChaosTest extends PoolTestBase {

  private static final long SEED = Long.getLong("phalanx.chaos.seed", 20261206L);

  @Test
  void tenThousandTasksUnderRandomKillsEachGetOneOutcome() throws Exception {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(3).setMaxRestarts(100).setRestartInitialDelay(10)
      .setRestartMaxDelay(50));
    SplittableRandom random = new SplittableRandom(SEED);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger kills = new AtomicInteger();
    Thread killer = new Thread(() -> {
      while (running.get() && kills.get() < 14) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150 + random.nextInt(350)));
        List<ProcessHandle> workers = WorkerProcesses.alive();
        if (!workers.isEmpty() && running.get()) {
          workers.get(random.nextInt(workers.size())).destroyForcibly();
          kills.incrementAndGet();
        }
      }
    }, "chaos-killer");

    killer.start();
    List<AsyncResult<Integer>> settled;
    try {
      settled = await(parallel.mapSettled(IntStream.range(0, 10_000).boxed().toList(), i -> new Add(i, 1), 64));
    } finally {
      running.set(false);
      killer.join(10_000);
    }

    assertThat(settled).hasSize(10_000);
    java.util.Map<String, Long> byOutcome = new java.util.TreeMap<>();
    for (AsyncResult<Integer> outcome : settled) {
      String what = outcome.succeeded() ? "ok" : outcome.cause().getClass().getSimpleName() + " "
        + String.valueOf(outcome.cause().getMessage()).replaceAll("\\d+", "N");
      byOutcome.merge(what.substring(0, Math.min(160, what.length())), 1L, Long::sum);
    }
    int succeeded = 0;
    for (int i = 0; i < settled.size(); i++) {
      AsyncResult<Integer> outcome = settled.get(i);
      if (outcome.succeeded()) {
        assertThat(outcome.result()).isEqualTo(i + 1);
        succeeded++;
      } else {
        assertThat(outcome.cause()).as("item " + i).isInstanceOf(ParallelException.class);
        assertThat(((ParallelException) outcome.cause()).failureCode()).as("item " + i).isIn(502, 503);
      }
    }
    assertThat(kills.get()).as("workers killed (seed " + SEED + ")").isPositive();
    // a request never waits for a restart: with no live worker it fails at once (503), so how many succeed depends
    // on the kills' timing; every one of them has its one outcome
    assertThat(succeeded).as("tasks that succeeded despite %s kills: %s", kills.get(), byOutcome).isPositive();
    assertThat(byOutcome.keySet()).as("a crash is reported with the exit, not the socket's reset")
      .noneMatch(what -> what.contains("Connection reset"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!((io.vertx.core.json.JsonObject) await(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS + ".stats",
      "")).body()).getBoolean("healthy")) {
      assertThat(System.nanoTime()).as("the pool is whole again within 30 s").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertThat(await(parallel.inWorker(new Add(1, 1)))).isEqualTo(2);
  }
}
