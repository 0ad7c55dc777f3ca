package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchTest extends PoolTestBase {

  @Test
  void twoWorkersRunTwoTasksAtOnceInTwoProcesses() {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(2));

    Future<Sleep.Span> first = parallel.inWorker(new Sleep(800, "a"));
    Future<Sleep.Span> second = parallel.inWorker(new Sleep(800, "b"));
    Sleep.Span a = await(first);
    Sleep.Span b = await(second);

    assertThat(a.pid()).isNotEqualTo(b.pid());
    assertThat(a.overlaps(b)).as("the two spans overlap in time: %s and %s", a, b).isTrue();
  }

  @Test
  void aFullMailboxRefusesAtOnceNotWhenTheRunningTaskEnds() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setMailboxLimit(1));

    List<String> events = new CopyOnWriteArrayList<>();
    List<Future<Sleep.Span>> futures = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Future<Sleep.Span> future = parallel.inWorker(new Sleep(1500, "t" + i));
      future.onComplete(ar -> events.add(ar.succeeded() ? "done"
        : ar.cause() instanceof MailboxOverflowException ? "overflow" : "other:" + ar.cause()));
      futures.add(future);
    }
    for (Future<Sleep.Span> future : futures) {
      try {
        await(future);
      } catch (Throwable ignored) {
        // outcomes are recorded in events
      }
    }

    long overflows = events.stream().filter("overflow"::equals).count();
    long done = events.stream().filter("done"::equals).count();
    assertThat(overflows).isGreaterThanOrEqualTo(3);
    assertThat(done + overflows).isEqualTo(6);
    assertThat(done).isGreaterThanOrEqualTo(1);
    // every refusal came before the running task finished
    assertThat(events.subList(0, (int) overflows)).containsOnly("overflow");
    Throwable refusal = futures.stream().filter(Future::failed).findFirst().orElseThrow().cause();
    assertThat(((ParallelException) refusal).failureCode()).isEqualTo(429);
    assertThat(refusal.getMessage()).contains("phalanx.parallel");
  }

  @Test
  void roundRobinSpreadsTenSequentialTasksFiveAndFive() {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(2).setDispatcher(DispatchStrategy.ROUND_ROBIN));

    List<String> workers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      workers.add(await(parallel.inWorker(new WhoAmI())).workerId());
    }

    Map<String, Long> counts = workers.stream().collect(Collectors.groupingBy(Function.identity(),
      Collectors.counting()));
    assertThat(counts).containsOnly(Map.entry("worker-0", 5L), Map.entry("worker-1", 5L));
  }

  @Test
  void leastMailboxSendsQuickTasksToTheIdleWorker() {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(2));

    Future<Sleep.Span> busy = parallel.inWorker(new Sleep(2000, "busy"));
    List<String> quick = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      quick.add(await(parallel.inWorker(new WhoAmI())).workerId());
    }
    String busyWorker = await(busy).workerId();

    assertThat(quick).hasSize(8).doesNotContain(busyWorker);
  }

  @Test
  void leastMailboxSharesIdleWorkers() {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(2));

    List<String> workers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      workers.add(await(parallel.inWorker(new WhoAmI())).workerId());
    }

    assertThat(workers).contains("worker-0", "worker-1");
  }
}
