package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.RestartPolicy;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.impl.supervisionfixtures.Square;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size rules of an elastic pool on a fake clock and a fake launcher: growth under load, one start at a time,
 * idle workers retiring down to the smallest size, resizing, and what a retiring worker does with its tasks.
 */
class ElasticPoolSupervisionTest {

  private static final String ADDRESS = "test.elastic";
  private static final long IDLE_TIMEOUT = 1_000;
  private static final RestartPolicy POLICY = n -> 100L;

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final List<JsonObject> events = new ArrayList<>();
  private final Map<FakeWorkerProcess, Integer> answered = new HashMap<>();
  private WorkerPool pool;

  private static ParallelConfig config(int min, int max) {
    return new ParallelConfig()
      .setPrefetch(0)
      .setAgents(min)
      .setMinAgents(min)
      .setMaxAgents(max)
      .setIdleTimeout(IDLE_TIMEOUT)
      .setMailboxLimit(10)
      .setAddress(ADDRESS)
      .setJavaCommand("java")
      .setClasspath("/opt/app/worker.jar")
      .setShutdownGracePeriod(1_000)
      .setKillGracePeriod(500);
  }

  /** A pool whose first workers all sent ready. */
  private WorkerPool started(ParallelConfig config) {
    pool = new WorkerPool(config, launcher, clock, getClass().getClassLoader(), events::add, POLICY);
    launcher.startWithReadyWorkers(pool);
    events.clear();
    return pool;
  }

  private FakeWorkerProcess process(int index) {
    return launcher.lastOf("worker-" + index);
  }

  private WorkerHandle slot(int index) {
    return pool.workers().stream().filter(w -> w.index() == index).findFirst().orElse(null);
  }

  private RecordingOutcome submit() {
    return submit(-1);
  }

  private RecordingOutcome submit(int workerIndex) {
    RecordingOutcome outcome = new RecordingOutcome();
    pool.submit(new Square(2), workerIndex, -1, outcome);
    return outcome;
  }

  /** Worker 1 runs a task, worker 0 holds two: shrinking to one worker retires worker 1. */
  private RecordingOutcome busyOneLessThanZero() {
    submit(0);
    submit(0);
    return submit(1);
  }

  /** The process answers the oldest task it was sent and has not answered yet. */
  private void answer(FakeWorkerProcess process) {
    int done = answered.getOrDefault(process, 0);
    process.succeed(process.sentTaskIds().get(done));
    answered.put(process, done + 1);
  }

  private List<String> types() {
    return events.stream().map(e -> e.getString("type")).toList();
  }

  private List<JsonObject> events(String type) {
    return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  private List<String> workerIds() {
    return pool.workers().stream().map(WorkerHandle::id).toList();
  }

  // ------------------------------------------------------------------------------------------------ growth

  @Test
  void growsWhenEveryMailboxHoldsWork() {
    started(config(1, 3));
    submit();
    assertThat(launcher.launchCount()).as("one task runs, nothing waits").isEqualTo(1);

    submit();

    assertThat(launcher.launchCount()).isEqualTo(2);
    assertThat(workerIds()).containsExactly("worker-0", "worker-1");
    assertThat(events("added")).singleElement().satisfies(e -> {
      assertThat(e.getString("worker")).isEqualTo("worker-1");
      assertThat(e.getString("reason")).isEqualTo("load");
      assertThat(e.getInteger("agents")).isEqualTo(2);
    });
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void growsOneWorkerAtATime() {
    started(config(1, 3));
    for (int i = 0; i < 6; i++) {
      submit();
    }
    assertThat(launcher.launchCount()).as("worker-1 is still starting").isEqualTo(2);

    process(1).sendReady();
    submit();
    submit();

    assertThat(launcher.launchCount()).isEqualTo(3);
    assertThat(launcher.last().workerId()).isEqualTo("worker-2");
  }

  @Test
  void anAddedWorkerTakesOverPartOfTheBacklog() {
    started(config(1, 2));
    List<RecordingOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      outcomes.add(submit());
    }
    assertThat(slot(0).queued()).isEqualTo(6);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add((long) i + 1);
    }

    process(1).sendReady();

    assertThat(slot(0).queued()).isEqualTo(3);
    assertThat(slot(1).load()).isEqualTo(3);
    assertThat(process(1).sentTaskIds()).as("the newest three").containsExactly(ids.get(4));
    for (int i = 0; i < 4; i++) {
      answer(process(0));
    }
    for (int i = 0; i < 3; i++) {
      answer(process(1));
    }
    assertThat(process(0).sentTaskIds()).containsExactlyElementsOf(ids.subList(0, 4));
    assertThat(process(1).sentTaskIds()).containsExactlyElementsOf(ids.subList(4, 7));
    assertThat(outcomes).allMatch(RecordingOutcome::succeeded);
  }

  @Test
  void neverGrowsPastMaxAgents() {
    started(config(1, 2));
    submit();
    submit();
    process(1).sendReady();

    for (int i = 0; i < 15; i++) {
      submit();
    }

    assertThat(launcher.launchCount()).isEqualTo(2);
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void aTaskRefusedForRoomGrowsThePool() {
    started(config(1, 2).setMailboxLimit(0));
    submit();

    RecordingOutcome refused = submit();

    assertThat(refused.failure().failureCode()).isEqualTo(FailureCodes.MAILBOX_FULL);
    assertThat(launcher.launchCount()).isEqualTo(2);
  }

  @Test
  void aFixedPoolNeverGrows() {
    started(config(2, 2));
    for (int i = 0; i < 12; i++) {
      submit();
    }

    assertThat(launcher.launchCount()).isEqualTo(2);
  }

  // ------------------------------------------------------------------------------------------------ idle

  @Test
  void idleWorkersRetireDownToMinAgents() {
    started(config(1, 3).setAgents(3));

    clock.advance(IDLE_TIMEOUT + PoolSize.MAX_IDLE_CHECK_MS);

    assertThat(events("retiring")).extracting(e -> e.getString("worker")).containsExactly("worker-2", "worker-1");
    assertThat(events("retiring").get(0).getString("reason")).isEqualTo("idle");
    assertThat(process(2).gotShutdown()).isTrue();
    assertThat(process(1).gotShutdown()).isTrue();
    assertThat(process(0).gotShutdown()).isFalse();
    process(2).exit(0);
    process(1).exit(0);

    assertThat(workerIds()).containsExactly("worker-0");
    assertThat(events("removed")).extracting(e -> e.getString("worker")).containsExactly("worker-2", "worker-1");
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.isHealthy()).isTrue();
  }

  @Test
  void aWorkerInUseIsNotTakenForIdle() {
    started(config(1, 2).setAgents(2));
    for (int i = 0; i < 6; i++) {
      submit(1);
      clock.advance(300);
      answer(process(1));
      clock.advance(300);
    }

    assertThat(events("retiring")).extracting(e -> e.getString("worker")).containsExactly("worker-0");
    assertThat(process(1).gotShutdown()).isFalse();
  }

  @Test
  void anIdleWorkerStopsWithinTheTimeoutAndOneCheck() {
    started(config(1, 2).setAgents(2));
    submit(1);
    answer(process(1));

    clock.advance(IDLE_TIMEOUT - 1);
    assertThat(events("retiring")).isEmpty();
    clock.advance(PoolSize.MAX_IDLE_CHECK_MS / 4 + 1);

    assertThat(events("retiring")).isNotEmpty();
  }

  // ------------------------------------------------------------------------------------------------ resize

  @Test
  void resizeAnswersOnceTheNewWorkersAreReady() {
    started(config(1, 3));

    Future<Integer> resized = pool.resize(3);

    assertThat(launcher.launchCount()).isEqualTo(3);
    assertThat(events("added")).extracting(e -> e.getString("reason")).containsOnly("resize");
    process(1).sendReady();
    assertThat(resized.isComplete()).isFalse();
    process(2).sendReady();
    assertThat(resized.result()).isEqualTo(3);
  }

  @Test
  void resizeAnswersOnceTheRetiredWorkersHaveExited() {
    started(config(1, 3).setAgents(3));

    Future<Integer> resized = pool.resize(1);
    clock.advance(0);

    assertThat(process(2).gotShutdown()).isTrue();
    assertThat(process(1).gotShutdown()).isTrue();
    process(2).exit(0);
    assertThat(resized.isComplete()).isFalse();
    process(1).exit(0);
    assertThat(resized.result()).isEqualTo(1);
    assertThat(workerIds()).containsExactly("worker-0");
  }

  @Test
  void resizeOutOfBoundsFailsNamingTheValue() {
    started(config(2, 4));

    assertThat(pool.resize(5).cause()).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("was 5").hasMessageContaining("between 2 and 4");
    assertThat(pool.resize(1).cause()).hasMessageContaining("was 1");
    assertThat(launcher.launchCount()).isEqualTo(2);
  }

  @Test
  void aFixedPoolResizesOnlyToItsOwnSize() {
    started(new ParallelConfig(config(2, 2)).setMinAgents(0).setMaxAgents(0));

    assertThat(pool.resize(3).cause()).hasMessageContaining("between 2 and 2");
    assertThat(pool.resize(2).result()).isEqualTo(2);
  }

  @Test
  void aNewWorkerTakesTheLowestFreeIndex() {
    started(config(1, 3).setAgents(3));
    pool.resize(1);
    clock.advance(0);
    process(1).exit(0);
    process(2).exit(0);

    pool.resize(2);

    assertThat(workerIds()).containsExactly("worker-0", "worker-1");
    assertThat(launcher.launchesOf("worker-1")).isEqualTo(2);
  }

  @Test
  void aCrashedWorkerRetiresFirst() {
    started(config(1, 3).setAgents(3));
    submit(1);
    submit(2);
    process(0).exit(1);

    pool.resize(2);

    assertThat(events("retiring")).extracting(e -> e.getString("worker")).containsExactly("worker-0");
    assertThat(workerIds()).containsExactly("worker-1", "worker-2");
    clock.advance(10_000);
    assertThat(launcher.launchesOf("worker-0")).as("its restart was cancelled").isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------------ retiring

  @Test
  void aRetiringWorkerHandsItsQueueToOthers() {
    started(config(1, 2).setAgents(2));
    List<RecordingOutcome> onZero = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      onZero.add(submit(0));
    }
    RecordingOutcome running = submit(1);
    RecordingOutcome waiting = submit(1);

    pool.resize(1);

    assertThat(slot(1).isRetiring()).isTrue();
    assertThat(slot(1).queued()).as("its waiting task moved").isZero();
    assertThat(slot(0).queued()).isEqualTo(4);
    answer(process(1));
    assertThat(running.succeeded()).isTrue();
    clock.advance(0);
    assertThat(process(1).gotShutdown()).isTrue();
    process(1).exit(0);
    for (int i = 0; i < 5; i++) {
      answer(process(0));
    }

    assertThat(waiting.succeeded()).isTrue();
    assertThat(onZero).allMatch(RecordingOutcome::succeeded);
    assertThat(workerIds()).containsExactly("worker-0");
  }

  @Test
  void aRetiringWorkerRunsWhatNoOtherHasRoomFor() {
    started(config(1, 2).setAgents(2).setMailboxLimit(1));
    RecordingOutcome zeroRunning = submit(0);
    RecordingOutcome zeroWaiting = submit(0);
    RecordingOutcome oneRunning = submit(1);
    RecordingOutcome oneWaiting = submit(1);

    pool.resize(1);
    answer(process(1));
    clock.advance(0);

    assertThat(process(1).gotShutdown()).as("it still holds a task").isFalse();
    assertThat(process(1).sentTaskIds()).hasSize(2);
    answer(process(1));
    clock.advance(0);
    assertThat(process(1).gotShutdown()).isTrue();
    process(1).exit(0);
    answer(process(0));
    answer(process(0));

    assertThat(List.of(zeroRunning, zeroWaiting, oneRunning, oneWaiting)).allMatch(RecordingOutcome::succeeded);
  }

  @Test
  void aRetiringWorkerTakesNoNewTask() {
    started(config(1, 2).setAgents(2));
    busyOneLessThanZero();
    pool.resize(1);

    RecordingOutcome direct = submit(1);
    RecordingOutcome any = submit();

    assertThat(direct.failure()).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("retiring");
    assertThat(direct.failure().failureCode()).isEqualTo(FailureCodes.POOL_UNAVAILABLE);
    assertThat(process(1).sentTaskIds()).hasSize(1);
    assertThat(process(0).sentTaskIds()).hasSize(1);
    assertThat(any.isDone()).as("it waits for worker-0").isFalse();
  }

  @Test
  void anIndexWithoutAWorkerAnswers503() {
    started(config(1, 3));

    RecordingOutcome outcome = submit(2);

    assertThat(outcome.failure()).isInstanceOf(PoolUnavailableException.class)
      .hasMessageContaining("worker-2").hasMessageContaining("not running");
  }

  @Test
  void growingTakesBackARetiringWorker() {
    started(config(1, 2).setAgents(2));
    busyOneLessThanZero();
    pool.resize(1);

    Future<Integer> grown = pool.resize(2);

    assertThat(grown.result()).isEqualTo(2);
    assertThat(launcher.launchCount()).as("no JVM started").isEqualTo(2);
    assertThat(slot(1).isRetiring()).isFalse();
    assertThat(slot(1).isAccepting()).isTrue();
    answer(process(1));
    clock.advance(0);
    assertThat(process(1).gotShutdown()).isFalse();
  }

  @Test
  void aRetiringWorkerThatCrashesLeavesThePool() {
    started(config(1, 2).setAgents(2));
    RecordingOutcome running = busyOneLessThanZero();
    Future<Integer> resized = pool.resize(1);

    process(1).exit(1);

    assertThat(running.failure()).isInstanceOf(WorkerCrashedException.class);
    assertThat(types()).doesNotContain("restarting");
    assertThat(workerIds()).containsExactly("worker-0");
    assertThat(resized.result()).isEqualTo(1);
  }

  @Test
  void aDrainFailsAResizeStillWaiting() {
    started(config(1, 2).setAgents(2));
    busyOneLessThanZero();
    Future<Integer> resized = pool.resize(1);

    pool.stop();

    assertThat(resized.cause()).isInstanceOf(PoolUnavailableException.class);
  }

  @Test
  void statsCountAgentsAndShowRetiringWorkers() {
    started(config(1, 3).setAgents(2));
    busyOneLessThanZero();
    pool.resize(1);

    JsonObject stats = pool.stats();

    assertThat(stats.getInteger("agents")).isEqualTo(1);
    assertThat(stats.getInteger("minAgents")).isEqualTo(1);
    assertThat(stats.getInteger("maxAgents")).isEqualTo(3);
    assertThat(stats.getJsonArray("workers")).hasSize(2);
    JsonObject retiring = stats.getJsonArray("workers").getJsonObject(1);
    assertThat(retiring.getBoolean("retiring")).isTrue();
    assertThat(retiring.getBoolean("live")).isFalse();
    assertThat(stats.getBoolean("healthy")).isTrue();
  }

  // ------------------------------------------------------------------------------------------------ bounds

  @Test
  void boundsDefaultToAgents() {
    ParallelConfig onlyMax = new ParallelConfig().setAgents(2).setMaxAgents(5);
    ParallelConfig onlyMin = new ParallelConfig().setAgents(4).setMinAgents(1);
    ParallelConfig outside = new ParallelConfig().setAgents(8).setMinAgents(1).setMaxAgents(3);

    assertThat(List.of(PoolSize.minOf(onlyMax), PoolSize.maxOf(onlyMax), PoolSize.initialOf(onlyMax)))
      .containsExactly(2, 5, 2);
    assertThat(List.of(PoolSize.minOf(onlyMin), PoolSize.maxOf(onlyMin), PoolSize.initialOf(onlyMin)))
      .containsExactly(1, 4, 4);
    assertThat(PoolSize.initialOf(outside)).isEqualTo(3);
  }

  @Test
  void minAboveMaxIsRefusedNamingBoth() {
    ParallelConfig config = config(1, 2).setMinAgents(3);

    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
      () -> new WorkerPool(config, launcher, clock, getClass().getClassLoader(), events::add, POLICY));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PoolSize.validate(config)))
      .hasMessageContaining("minAgents (3)").hasMessageContaining("maxAgents (2)");
  }
}
