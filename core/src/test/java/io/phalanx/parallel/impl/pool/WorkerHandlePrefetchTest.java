package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefetching: a busy worker gets its next task ahead of time, and every supervision rule still holds for the task
 * waiting in the child. A fake clock and fake processes; no real time.
 */
class WorkerHandlePrefetchTest {

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final List<String> events = new ArrayList<>();
  private final List<List<PendingTask>> handedOver = new ArrayList<>();

  private final WorkerHandle.Listener listener = new WorkerHandle.Listener() {
    @Override
    public void ready(WorkerHandle worker, boolean replacement) {
      events.add("ready");
    }

    @Override
    public void crashed(WorkerHandle worker, String reason, WorkerCrashedException failure, List<PendingTask> queued) {
      events.add("crashed");
      handedOver.add(List.copyOf(queued));
    }

    @Override
    public void replacing(WorkerHandle worker, String reason) {
      events.add("replacing");
    }
  };

  private static ParallelConfig config() {
    return new ParallelConfig().setJavaCommand("java").setPrefetch(1).setMailboxLimit(10)
      .setCancelGracePeriod(1_000).setShutdownGracePeriod(1_000).setKillGracePeriod(500)
      // the fake process never beats, and a timeout kills at once: round two's rules have their own tests
      .setHeartbeatTimeout(0).setStackDumpTimeout(0);
  }

  private WorkerHandle idleWorker(ParallelConfig config) {
    WorkerHandle worker = new WorkerHandle(0, "pool", config, new WorkerCommand(config), launcher, clock,
      FakeWorkerProcess.CODEC, listener);
    worker.start();
    launcher.last().sendReady();
    return worker;
  }

  private static PendingTask task(long id, long timeout, RecordingOutcome outcome) {
    try {
      byte[] frame = FakeWorkerProcess.CODEC.encode(new TaskFrame(id, "com.example.T",
        JsonNodeFactory.instance.objectNode()));
      return new PendingTask(id, "com.example.T", frame, timeout, outcome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PendingTask task(long id, RecordingOutcome outcome) {
    return task(id, 0, outcome);
  }

  /** What the worker runtime answers for a task it dropped from its queue on a cancel. */
  private static TaskResponseFrame dropped(long id) {
    return TaskResponseFrame.failure(id, new RemoteError("java.util.concurrent.CancellationException",
      "task " + id + " was cancelled before it started", List.of(), null, RemoteError.CODE_CANCELLED), -1);
  }

  private static List<Long> cancelIds(FakeWorkerProcess process) {
    return process.written().stream().filter(f -> f instanceof CancelFrame).map(f -> ((CancelFrame) f).id()).toList();
  }

  @Test
  void busyWorkerGetsItsNextTaskAhead() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome first = new RecordingOutcome();

    worker.enqueue(task(1, first));
    worker.enqueue(task(2, new RecordingOutcome()));
    worker.enqueue(task(3, new RecordingOutcome()));

    assertThat(process.sentTaskIds()).containsExactly(1L, 2L);
    assertThat(worker.queued()).as("the prefetched task and the one in the mailbox").isEqualTo(2);
    assertThat(worker.stats().getInteger("prefetched")).isEqualTo(1);
    assertThat(worker.load()).isEqualTo(3);

    process.succeed(1);

    assertThat(first.succeeded()).isTrue();
    assertThat(process.sentTaskIds()).containsExactly(1L, 2L, 3L);
    assertThat(worker.state()).isEqualTo(WorkerState.PROCESSING);

    process.succeed(2).succeed(3);

    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    assertThat(worker.queued()).isZero();
    assertThat(worker.tasksDone()).isEqualTo(3);
  }

  @Test
  void aPrefetchedTaskCountsAgainstTheMailboxLimit() {
    WorkerHandle worker = idleWorker(config().setMailboxLimit(1));
    FakeWorkerProcess process = launcher.last();

    assertThat(worker.enqueue(task(1, new RecordingOutcome()))).isTrue();
    assertThat(worker.enqueue(task(2, new RecordingOutcome()))).isTrue();

    assertThat(process.sentTaskIds()).containsExactly(1L, 2L);
    assertThat(worker.canAccept()).as("one running, one waiting: the limit of 1 is reached").isFalse();
    assertThat(worker.enqueue(task(3, new RecordingOutcome()))).isFalse();
  }

  @Test
  void withMailboxLimitZeroNothingIsPrefetched() {
    WorkerHandle worker = idleWorker(config().setMailboxLimit(0));
    FakeWorkerProcess process = launcher.last();

    assertThat(worker.enqueue(task(1, new RecordingOutcome()))).isTrue();
    assertThat(worker.enqueue(task(2, new RecordingOutcome()))).isFalse();
    assertThat(process.sentTaskIds()).containsExactly(1L);
  }

  @Test
  void cancelledPrefetchedTaskIsAnsweredAtOnce() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome running = new RecordingOutcome();
    RecordingOutcome waiting = new RecordingOutcome();
    worker.enqueue(task(1, running));
    PendingTask second = task(2, waiting);
    worker.enqueue(second);

    Future<Void> gone = worker.cancel(second);

    assertThat(waiting.failure()).isInstanceOf(TaskCancelledException.class);
    assertThat(cancelIds(process)).containsExactly(2L);
    assertThat(gone.isComplete()).as("the child still holds it").isFalse();

    process.sendFrame(dropped(2));

    assertThat(gone.succeeded()).isTrue();
    assertThat(events).doesNotContain("crashed");
    process.succeed(1);
    assertThat(running.succeeded()).isTrue();
    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    assertThat(waiting.completions()).isEqualTo(1);
  }

  @Test
  void cancelledPrefetchedButStartedTaskIsKilled() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess old = launcher.last();
    worker.enqueue(task(1, new RecordingOutcome()));
    PendingTask second = task(2, new RecordingOutcome());
    worker.enqueue(second);
    worker.cancel(second);

    // the child had already started task 2 when the cancel arrived
    old.succeed(1);
    clock.advance(999);
    assertThat(old.wasKilled()).isFalse();
    clock.advance(1);

    assertThat(old.wasForceKilled()).isTrue();
    assertThat(events).contains("replacing");
  }

  @Test
  void responseOutOfTurnIsAProtocolError() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome first = new RecordingOutcome();
    RecordingOutcome second = new RecordingOutcome();
    worker.enqueue(task(1, first));
    worker.enqueue(task(2, second));

    process.succeed(2);

    assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
    assertThat(first.failure()).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("protocol error");
    assertThat(second.failure()).isInstanceOf(WorkerCrashedException.class);
  }

  @Test
  void crashFailsPrefetchedTaskWithRunningOne() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome running = new RecordingOutcome();
    RecordingOutcome prefetched = new RecordingOutcome();
    PendingTask third = task(3, new RecordingOutcome());
    worker.enqueue(task(1, running));
    worker.enqueue(task(2, prefetched));
    worker.enqueue(third);

    process.exit(3);

    assertThat(running.failure()).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("exit code 3");
    assertThat(prefetched.failure()).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("exit code 3");
    assertThat(handedOver).singleElement().asList().containsExactly(third);
  }

  @Test
  void prefetchedTaskRunsOnReplacedProcess() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess old = launcher.last();
    RecordingOutcome slow = new RecordingOutcome();
    RecordingOutcome next = new RecordingOutcome();
    worker.enqueue(task(1, 1_000, slow));
    worker.enqueue(task(2, next));

    clock.advance(1_000);

    assertThat(slow.failure()).isInstanceOf(TaskTimeoutException.class);
    assertThat(old.wasForceKilled()).isTrue();
    assertThat(next.isDone()).isFalse();
    FakeWorkerProcess fresh = launcher.last();
    assertThat(fresh).isNotSameAs(old);
    fresh.sendReady();
    assertThat(fresh.sentTaskIds()).containsExactly(2L);
    fresh.succeed(2);
    assertThat(next.succeeded()).isTrue();
  }

  @Test
  void prefetchedTimeoutStartsWhenPreviousAnswers() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome second = new RecordingOutcome();
    worker.enqueue(task(1, new RecordingOutcome()));
    worker.enqueue(task(2, 1_000, second));

    clock.advance(5_000);
    process.succeed(1);
    clock.advance(999);

    assertThat(second.isDone()).isFalse();
    clock.advance(1);
    assertThat(second.failure()).isInstanceOf(TaskTimeoutException.class);
  }

  @Test
  void drainFailsAndDropsThePrefetchedTask() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome running = new RecordingOutcome();
    RecordingOutcome prefetched = new RecordingOutcome();
    worker.enqueue(task(1, running));
    worker.enqueue(task(2, prefetched));

    Future<Void> stopped = worker.stop();

    assertThat(prefetched.failure()).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("draining");
    assertThat(cancelIds(process)).containsExactly(2L);
    assertThat(process.gotShutdown()).as("at once, after the cancel").isTrue();

    process.succeed(1);
    assertThat(running.succeeded()).as("the running task finishes").isTrue();
    process.sendFrame(dropped(2));
    assertThat(stopped.isComplete()).isFalse();
    process.exit(0);
    assertThat(stopped.succeeded()).isTrue();
  }

  @Test
  void recyclingNeverPrefetchesPastTheLimit() {
    WorkerHandle worker = idleWorker(config().setMaxTasksPerWorker(2));
    FakeWorkerProcess old = launcher.last();
    worker.enqueue(task(1, new RecordingOutcome()));
    worker.enqueue(task(2, new RecordingOutcome()));
    worker.enqueue(task(3, new RecordingOutcome()));
    assertThat(old.sentTaskIds()).containsExactly(1L, 2L);

    old.succeed(1);
    assertThat(old.sentTaskIds()).as("task 3 would be the old process's third").containsExactly(1L, 2L);

    old.succeed(2);
    assertThat(events).contains("replacing");
    FakeWorkerProcess fresh = launcher.last();
    fresh.sendReady();
    assertThat(fresh.sentTaskIds()).containsExactly(3L);
  }

  @Test
  void aHeapCeilingTurnsPrefetchingOff() {
    WorkerHandle worker = idleWorker(config().setMaxWorkerHeap(64L << 20));
    FakeWorkerProcess process = launcher.last();

    worker.enqueue(task(1, new RecordingOutcome()));
    worker.enqueue(task(2, new RecordingOutcome()));

    assertThat(process.sentTaskIds()).containsExactly(1L);
  }

  @Test
  void quickTasksGoInBatchesUpToTheLimit() {
    WorkerHandle worker = idleWorker(config().setPrefetch(4));
    FakeWorkerProcess process = launcher.last();
    for (int i = 1; i <= 8; i++) {
      worker.enqueue(task(i, new RecordingOutcome()));
    }
    assertThat(process.sentTaskIds()).as("nothing measured yet: one ahead").containsExactly(1L, 2L);

    // answered at once (on the fake clock no time passes): far less than the budget of a millisecond
    process.succeed(1);

    assertThat(process.sentTaskIds()).as("the running one and four ahead").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void longTasksAreHandedOverOneAtATime() {
    WorkerHandle worker = idleWorker(config().setPrefetch(4));
    FakeWorkerProcess process = launcher.last();
    for (int i = 1; i <= 8; i++) {
      worker.enqueue(task(i, new RecordingOutcome()));
    }

    clock.advance(5);
    process.succeed(1);
    clock.advance(5);
    process.succeed(2);

    assertThat(process.sentTaskIds()).as("5 ms tasks: one ahead only").containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void bigTasksPrefetchOnlyWithinPipeBuffer() {
    WorkerHandle worker = idleWorker(config().setPrefetch(8));
    FakeWorkerProcess process = launcher.last();
    for (int i = 1; i <= 6; i++) {
      worker.enqueue(bigTask(i, 20 * 1024));
    }
    process.succeed(1);

    // task 2 (20 KiB) was held; 3 brought it to 40 KiB, past the 32 KiB the prefetch may hold
    assertThat(process.sentTaskIds()).containsExactly(1L, 2L, 3L);
    process.succeed(2);
    assertThat(process.sentTaskIds()).containsExactly(1L, 2L, 3L, 4L);
  }

  private static PendingTask bigTask(long id, int bytes) {
    try {
      byte[] frame = FakeWorkerProcess.CODEC.encode(new TaskFrame(id, "com.example.T",
        JsonNodeFactory.instance.objectNode().put("blob", "x".repeat(bytes))));
      return new PendingTask(id, "com.example.T", frame, 0, new RecordingOutcome());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void prefetchMustNotBeNegative() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ParallelConfig().setPrefetch(-1))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch").hasMessageContaining("-1");
  }
}
