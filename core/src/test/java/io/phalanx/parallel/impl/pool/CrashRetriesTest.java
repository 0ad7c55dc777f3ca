package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.DispatchStrategy;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoisonTaskException;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.RestartPolicy;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.impl.supervisionfixtures.Square;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries after a crash and poison tasks, on a fake clock and fake launcher: a task whose worker died under it runs
 * again on another worker (or on the first one up again), a task that was running on {@code poisonThreshold} dying
 * workers fails with 422 and burns no other, and every retry shows in the stats and the events.
 */
class CrashRetriesTest {

  private static final String ADDRESS = "test.pool";
  private static final RestartPolicy POLICY = n -> 100;

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final List<JsonObject> events = new ArrayList<>();
  private WorkerPool pool;

  private static ParallelConfig config(int agents, int retries) {
    return new ParallelConfig().setAgents(agents).setRetriesOnCrash(retries).setPrefetch(0)
      .setDispatcher(DispatchStrategy.ROUND_ROBIN).setAddress(ADDRESS).setJavaCommand("java")
      .setClasspath("/opt/app/worker.jar").setHeartbeatTimeout(0).setStackDumpTimeout(0);
  }

  private WorkerPool startedPool(ParallelConfig config) {
    pool = new WorkerPool(config, launcher, clock, getClass().getClassLoader(), events::add, POLICY);
    launcher.startWithReadyWorkers(pool);
    events.clear();
    return pool;
  }

  private FakeWorkerProcess process(int index) {
    return launcher.lastOf("worker-" + index);
  }

  private RecordingOutcome submit(int workerIndex, int retries) {
    RecordingOutcome outcome = new RecordingOutcome();
    pool.submit(new Square(3), workerIndex, -1, null, retries, outcome);
    return outcome;
  }

  private List<JsonObject> events(String type) {
    return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  private JsonObject tasks() {
    return pool.stats().getJsonObject("tasks");
  }

  @Test
  void aTaskWhoseWorkerDiedRunsAgainOnAnother() {
    startedPool(config(2, 1));
    RecordingOutcome outcome = submit(0, -1);
    assertThat(process(0).sentTaskIds()).containsExactly(1L);

    process(0).exit(3);

    assertThat(outcome.isDone()).isFalse();
    assertThat(process(1).sentTaskIds()).containsExactly(1L);
    JsonObject retried = events("retried").get(0);
    assertThat(retried.getString("worker")).isEqualTo("worker-0");
    assertThat(retried.getString("to")).isEqualTo("worker-1");
    assertThat(retried.getInteger("attempt")).isEqualTo(2);
    assertThat(retried.getString("reason")).contains("exit code 3");
    assertThat(retried.getString("task")).isEqualTo(Square.class.getName());
    assertThat(retried.containsKey("request")).as("a request id can cancel: never published").isFalse();
    process(1).succeed(1);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(tasks().getLong("retries")).isEqualTo(1);
  }

  @Test
  void twoDeathsRunningMakeAPoisonTask() {
    startedPool(config(3, 5));
    RecordingOutcome outcome = submit(0, -1);
    process(0).exit(3);
    assertThat(process(1).sentTaskIds()).containsExactly(1L);

    process(1).exit(4);

    PoisonTaskException failure = (PoisonTaskException) outcome.failure();
    assertThat(failure.failureCode()).isEqualTo(FailureCodes.POISON_TASK);
    assertThat(failure).hasMessageContaining("worker-0 (pid " + launcher.processesOf("worker-0").get(0).pid()
        + ") exited unexpectedly with exit code 3")
      .hasMessageContaining("worker-1 (pid " + launcher.processesOf("worker-1").get(0).pid()
        + ") exited unexpectedly with exit code 4")
      .hasMessageContaining("setPoisonThreshold 2").hasMessageContaining(ADDRESS);
    assertThat(process(2).sentTaskIds()).isEmpty();
    JsonObject poisoned = events("poisoned").get(0);
    assertThat(poisoned.getJsonArray("attempts")).hasSize(2);
    assertThat(poisoned.getJsonArray("attempts").getJsonObject(1).getString("worker")).isEqualTo("worker-1");
    assertThat(tasks().getLong("poisoned")).isEqualTo(1);
    assertThat(tasks().getJsonObject("failures").getLong("422")).isEqualTo(1);
  }

  @Test
  void aPrefetchedTaskIsRetriedNotSuspected() {
    startedPool(config(2, 1).setPrefetch(4).setPoisonThreshold(1));
    RecordingOutcome running = submit(0, -1);
    RecordingOutcome behind = submit(0, -1);
    assertThat(process(0).sentTaskIds()).containsExactly(1L, 2L);

    process(0).exit(3);

    assertThat(running.failure()).as("threshold 1: once was enough").isInstanceOf(PoisonTaskException.class);
    assertThat(behind.isDone()).isFalse();
    assertThat(process(1).sentTaskIds()).containsExactly(2L);
    process(1).succeed(2);
    assertThat(behind.succeeded()).isTrue();
  }

  @Test
  void aLoneWorkerTriesAgainOnceItIsUp() {
    startedPool(config(1, 1));
    RecordingOutcome outcome = submit(-1, -1);

    process(0).exit(3);
    assertThat(events("retried").get(0).getValue("to")).isNull();
    clock.advance(100);
    assertThat(process(0).sentTaskIds()).isEmpty();
    process(0).sendReady();

    assertThat(process(0).sentTaskIds()).containsExactly(1L);
    process(0).succeed(1);
    assertThat(outcome.succeeded()).isTrue();
  }

  @Test
  void outOfRetriesItFailsNamingEachAttempt() {
    startedPool(config(2, 1).setPoisonThreshold(5));
    RecordingOutcome outcome = submit(0, -1);
    process(0).exit(3);

    process(1).exit(4);

    assertThat(outcome.failure()).isInstanceOf(WorkerCrashedException.class)
      .hasMessageContaining("ran out of retries (1)")
      .hasMessageContaining("exit code 3").hasMessageContaining("exit code 4");
  }

  @Test
  void aRequestMayLowerThePoolsRetriesNeverRaiseThem() {
    startedPool(config(2, 1).setPoisonThreshold(5).setPrefetch(4));
    RecordingOutcome none = submit(0, 0);
    RecordingOutcome many = submit(0, 10);
    assertThat(process(0).sentTaskIds()).containsExactly(1L, 2L);

    process(0).exit(3);
    assertThat(none.failure()).isInstanceOf(WorkerCrashedException.class);
    assertThat(process(1).sentTaskIds()).containsExactly(2L);
    process(1).exit(3);

    assertThat(many.failure()).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("out of retries (1)");
  }

  @Test
  void withoutRetriesACrashFailsTheTaskAsBefore() {
    startedPool(config(2, 0));
    RecordingOutcome outcome = submit(0, 5);

    process(0).exit(3);

    assertThat(outcome.failure()).isInstanceOf(WorkerCrashedException.class);
    assertThat(events("retried")).isEmpty();
    assertThat(process(1).sentTaskIds()).isEmpty();
  }

  @Test
  void queuedTasksThatMayRetryMoveWithoutUsingARetry() {
    startedPool(config(2, 1).setMailboxLimit(1));
    RecordingOutcome running = submit(0, -1);
    RecordingOutcome queued = submit(0, -1);
    RecordingOutcome other = submit(1, -1);
    assertThat(process(0).sentTaskIds()).containsExactly(1L);

    process(0).exit(3);

    assertThat(process(1).sentTaskIds()).containsExactly(3L);
    process(1).succeed(3);
    assertThat(process(1).sentTaskIds()).as("past the mailbox limit, first in line").containsExactly(3L, 1L);
    process(1).succeed(1);
    assertThat(process(1).sentTaskIds()).containsExactly(3L, 1L, 2L);
    process(1).succeed(2);
    assertThat(List.of(running, queued, other)).allMatch(RecordingOutcome::succeeded);
    assertThat(tasks().getLong("retries")).as("the queued one never ran").isEqualTo(1);
  }

  @Test
  void aWaitingTaskFailsWhenNoWorkerComesBack() {
    startedPool(config(1, 1).setMaxRestarts(0));
    RecordingOutcome outcome = submit(-1, -1);

    process(0).exit(3);

    assertThat(outcome.failure()).isInstanceOf(WorkerCrashedException.class)
      .hasMessageContaining("no live worker left");
  }

  @Test
  void aWaitingTaskFailsWithThePoolsStop() {
    startedPool(config(1, 1));
    RecordingOutcome outcome = submit(-1, -1);
    process(0).exit(3);

    pool.stop();

    assertThat(outcome.failure()).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("draining");
  }

  @Test
  void aWaitingTaskCanBeCancelled() {
    startedPool(config(1, 1));
    RecordingOutcome outcome = new RecordingOutcome();
    pool.submit(new Square(3), -1, -1, "request-1", 1, outcome);
    process(0).exit(3);

    Future<Boolean> cancelled = pool.cancel("request-1");

    assertThat(cancelled.result()).isTrue();
    assertThat(outcome.failure()).isInstanceOf(TaskCancelledException.class);
    clock.advance(100);
    process(0).sendReady();
    assertThat(process(0).sentTaskIds()).isEmpty();
  }

  @Test
  void aTaskCancelledWhileItRanIsNotRetried() {
    startedPool(config(2, 1));
    RecordingOutcome outcome = new RecordingOutcome();
    pool.submit(new Square(3), 0, -1, "request-1", -1, outcome);
    Future<Boolean> cancelled = pool.cancel("request-1");

    process(0).exit(3);

    assertThat(outcome.failure()).isInstanceOf(TaskCancelledException.class);
    assertThat(cancelled.result()).isTrue();
    assertThat(process(1).sentTaskIds()).isEmpty();
  }

  @Test
  void aNewTaskWaitsWhileEveryWorkerRestarts() {
    startedPool(config(1, 1));
    process(0).exit(3);

    RecordingOutcome sent = submit(-1, -1);
    RecordingOutcome never = submit(-1, 0);

    assertThat(sent.isDone()).isFalse();
    assertThat(never.failure()).as("without retries: 503 at once, as before")
      .isInstanceOf(PoolUnavailableException.class);
    clock.advance(100);
    process(0).sendReady();
    assertThat(process(0).sentTaskIds()).hasSize(1);
    process(0).succeed(process(0).sentTaskIds().get(0));
    assertThat(sent.succeeded()).isTrue();
    assertThat(tasks().getLong("retries")).as("it never ran before").isZero();
  }

  @Test
  void asManyWaitAsTheMailboxesCouldHold() {
    startedPool(config(1, 1).setMailboxLimit(1));
    process(0).exit(3);

    RecordingOutcome first = submit(-1, -1);
    RecordingOutcome second = submit(-1, -1);
    RecordingOutcome third = submit(-1, -1);

    assertThat(first.isDone()).isFalse();
    assertThat(second.isDone()).isFalse();
    assertThat(third.failure()).isInstanceOf(PoolUnavailableException.class);
  }
}
