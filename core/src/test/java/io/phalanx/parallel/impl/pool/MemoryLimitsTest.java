package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.RestartPolicy;
import io.phalanx.parallel.impl.metrics.RestartCause;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.impl.supervisionfixtures.Square;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resident-memory limits on a fake clock, a fake launcher and made-up readings: the ceiling per worker after a
 * task, the budget of the whole pool, and the dispatcher's preference for small workers under a budget.
 */
class MemoryLimitsTest {

  private static final long MIB = 1024 * 1024;

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final List<JsonObject> events = new ArrayList<>();
  /** The resident set each process reports, by pid; a process not in it reads as unknown. */
  private final Map<Long, Long> rss = new HashMap<>();
  private final List<Long> reads = new ArrayList<>();
  private final ResidentMemory memory = pid -> {
    reads.add(pid);
    return rss.getOrDefault(pid, -1L);
  };
  private WorkerPool pool;

  private static ParallelConfig config(int agents) {
    return new ParallelConfig()
      .setAgents(agents)
      .setPrefetch(0)
      .setAddress("test.memory")
      .setJavaCommand("java")
      .setClasspath("/opt/app/worker.jar")
      .setShutdownGracePeriod(1_000)
      .setKillGracePeriod(500);
  }

  private WorkerPool started(ParallelConfig config) {
    pool = new WorkerPool(config, launcher, clock, getClass().getClassLoader(), events::add,
      RestartPolicy.exponentialBackoff(100, 1000, 2), memory);
    launcher.startWithReadyWorkers(pool);
    events.clear();
    return pool;
  }

  private FakeWorkerProcess process(int index) {
    return launcher.lastOf("worker-" + index);
  }

  private WorkerHandle worker(int index) {
    return pool.workers().get(index);
  }

  private RecordingOutcome submit(int workerIndex) {
    RecordingOutcome outcome = new RecordingOutcome();
    pool.submit(new Square(2), workerIndex, -1, outcome);
    return outcome;
  }

  private void resident(int index, long mib) {
    rss.put(process(index).pid(), mib * MIB);
  }

  private List<JsonObject> recycled() {
    return events.stream().filter(e -> "recycled".equals(e.getString("type"))).toList();
  }

  // ------------------------------------------------------------------------------------------------ per worker

  @Test
  void overTheRssCeilingTheNextTaskGetsAFreshProcess() {
    started(config(1).setMaxWorkerRss(100 * MIB));
    FakeWorkerProcess first = process(0);
    RecordingOutcome leaky = submit(0);
    RecordingOutcome next = submit(0);
    resident(0, 150);

    first.succeed(first.sentTaskIds().get(0));

    assertThat(leaky.succeeded()).isTrue();
    assertThat(recycled()).singleElement().satisfies(e -> {
      assertThat(e.getString("limit")).isEqualTo("maxWorkerRss");
      assertThat(e.getString("reason")).contains(Long.toString(150 * MIB)).contains("setMaxWorkerRss");
    });
    assertThat(first.gotShutdown()).isTrue();
    assertThat(first.sentTaskIds()).hasSize(1);
    process(0).sendReady();
    assertThat(process(0)).isNotSameAs(first);
    process(0).succeed(process(0).sentTaskIds().get(0));
    assertThat(next.succeeded()).isTrue();
  }

  @Test
  void underTheRssCeilingTheProcessStays() {
    started(config(1).setMaxWorkerRss(100 * MIB));
    resident(0, 99);
    submit(0);

    process(0).succeed(process(0).sentTaskIds().get(0));

    assertThat(recycled()).isEmpty();
    assertThat(worker(0).rss()).isEqualTo(99 * MIB);
    assertThat(pool.stats().getJsonArray("workers").getJsonObject(0).getLong("rss")).isEqualTo(99 * MIB);
  }

  @Test
  void withoutACeilingNothingIsRead() {
    started(config(1));
    submit(0);

    process(0).succeed(process(0).sentTaskIds().get(0));
    clock.advance(10_000);

    assertThat(reads).isEmpty();
    assertThat(pool.stats().getJsonArray("workers").getJsonObject(0).containsKey("rss")).isFalse();
  }

  @Test
  void aRecycleWaitsForTheTasksWrittenAhead() {
    started(config(1).setMaxWorkerRss(100 * MIB).setPrefetch(8));
    FakeWorkerProcess first = process(0);
    List<RecordingOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      outcomes.add(submit(0));
    }
    // one answer measures the task time: tiny tasks are then written ahead
    first.succeed(first.sentTaskIds().get(0));
    int written = first.sentTaskIds().size();
    assertThat(written).as("tasks written ahead").isGreaterThan(2);
    resident(0, 150);

    first.succeed(first.sentTaskIds().get(1));
    assertThat(recycled()).as("tasks are still written ahead").isEmpty();
    for (int i = 2; i < written; i++) {
      first.succeed(first.sentTaskIds().get(i));
    }

    assertThat(recycled()).hasSize(1);
    assertThat(first.sentTaskIds()).as("nothing more was written to the old process").hasSize(written);
    assertThat(outcomes.subList(0, written)).allMatch(RecordingOutcome::succeeded);
  }

  // ------------------------------------------------------------------------------------------------ pool budget

  @Test
  void overBudgetTheLargestIdleWorkerIsRecycled() {
    started(config(3).setMaxPoolMemory(500 * MIB));
    resident(0, 100);
    resident(1, 300);
    resident(2, 200);

    clock.advance(MemoryBudget.SAMPLE_INTERVAL_MS);

    assertThat(recycled()).singleElement().satisfies(e -> {
      assertThat(e.getString("worker")).isEqualTo("worker-1");
      assertThat(e.getString("limit")).isEqualTo("maxPoolMemory");
      assertThat(e.getString("reason")).contains("setMaxPoolMemory").contains(Long.toString(600 * MIB));
    });
    assertThat(launcher.launchesOf("worker-1")).isEqualTo(2);
  }

  @Test
  void aBusyWorkerIsSkippedForAnIdleOne() {
    started(config(2).setMaxPoolMemory(500 * MIB));
    submit(1);
    resident(0, 200);
    resident(1, 400);

    clock.advance(MemoryBudget.SAMPLE_INTERVAL_MS);

    assertThat(recycled()).extracting(e -> e.getString("worker")).containsExactly("worker-0");
  }

  @Test
  void withNoIdleWorkerTheLargestGoesAfterItsTask() {
    started(config(2).setMaxPoolMemory(500 * MIB));
    submit(0);
    submit(1);
    resident(0, 200);
    resident(1, 400);

    clock.advance(MemoryBudget.SAMPLE_INTERVAL_MS);
    assertThat(recycled()).isEmpty();
    process(1).succeed(process(1).sentTaskIds().get(0));

    assertThat(recycled()).extracting(e -> e.getString("worker")).containsExactly("worker-1");
    assertThat(recycled().get(0).getString("reason")).contains("none was idle");
  }

  @Test
  void oneRecycleAtATime() {
    started(config(2).setMaxPoolMemory(100 * MIB));
    submit(0);
    submit(1);
    resident(0, 200);
    resident(1, 400);

    clock.advance(3 * MemoryBudget.SAMPLE_INTERVAL_MS);
    process(0).succeed(process(0).sentTaskIds().get(0));

    assertThat(recycled()).as("worker-1 is still due").isEmpty();
  }

  @Test
  void underBudgetNothingIsRecycled() {
    started(config(2).setMaxPoolMemory(500 * MIB));
    resident(0, 200);
    resident(1, 300);

    clock.advance(5 * MemoryBudget.SAMPLE_INTERVAL_MS);

    assertThat(recycled()).isEmpty();
    assertThat(pool.stats().getJsonArray("workers").getJsonObject(1).getLong("rss")).isEqualTo(300 * MIB);
  }

  @Test
  void underABudgetDispatchPrefersTheSmallerWorker() {
    started(config(3).setMaxPoolMemory(10_000 * MIB));
    resident(0, 300);
    resident(1, 100);
    resident(2, 200);
    clock.advance(MemoryBudget.SAMPLE_INTERVAL_MS);

    submit(-1);
    submit(-1);

    assertThat(process(1).sentTaskIds()).hasSize(1);
    assertThat(process(2).sentTaskIds()).hasSize(1);
    assertThat(process(0).sentTaskIds()).isEmpty();
  }

  @Test
  void vmRssIsReadInBytes() {
    String status = "Name:\tjava\nVmPeak:\t 3000 kB\nVmRSS:\t   70480 kB\nRssAnon:\t 1 kB\n";

    assertThat(ResidentMemory.vmRss(status)).isEqualTo(70480L * 1024);
    assertThat(ResidentMemory.vmRss("Name:\tzombie\n")).isEqualTo(-1);
    assertThat(ResidentMemory.PROC.bytes(-1)).isEqualTo(-1);
    if (ResidentMemory.procAvailable()) {
      assertThat(ResidentMemory.PROC.bytes(ProcessHandle.current().pid())).isGreaterThan(MIB);
    }
  }

  @Test
  void restartCausesNameTheMemoryLimits() {
    assertThat(RestartCause.of("recycled at 5 bytes resident, over the ceiling of 4")).isEqualTo("max_rss");
    assertThat(RestartCause.of("recycled for the pool's memory budget: ...")).isEqualTo("pool_memory");
    assertThat(RestartCause.limitOf("recycled with 5 bytes of used heap")).isEqualTo("maxWorkerHeap");
    assertThat(RestartCause.limitOf("recycled after 3 tasks")).isEqualTo("maxTasksPerWorker");
    assertThat(RestartCause.limitOf("killed after X ran past its timeout of 5 ms")).isEqualTo("taskTimeout");
    assertThat(RestartCause.limitOf("exited unexpectedly")).isNull();
  }
}
