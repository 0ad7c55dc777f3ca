package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancellation and progress of one worker slot, on a fake clock and fake processes.
 */
class WorkerHandleCancelTest {

  private static final long GRACE = 1_000;

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final List<String> events = new ArrayList<>();

  private final WorkerHandle.Listener listener = new WorkerHandle.Listener() {
    @Override
    public void ready(WorkerHandle worker, boolean replacement) {
      events.add(replacement ? "ready after replacement" : "ready");
    }

    @Override
    public void crashed(WorkerHandle worker, String reason, WorkerCrashedException failure, List<PendingTask> queued) {
      events.add("crashed");
    }

    @Override
    public void replacing(WorkerHandle worker, String reason) {
      events.add("replacing: " + reason);
    }
  };

  private WorkerHandle idleWorker() {
    ParallelConfig config = new ParallelConfig().setPrefetch(0).setJavaCommand("java").setCancelGracePeriod(GRACE)
      .setHeartbeatTimeout(0);
    WorkerHandle worker = new WorkerHandle(0, "pool", config, new WorkerCommand(config), launcher, clock,
      FakeWorkerProcess.CODEC, listener);
    worker.start();
    launcher.last().sendReady();
    return worker;
  }

  private static PendingTask task(long id, Outcome outcome) {
    try {
      byte[] frame = FakeWorkerProcess.CODEC.encode(new TaskFrame(id, "com.example.T",
        JsonNodeFactory.instance.objectNode()));
      return new PendingTask(id, "com.example.T", frame, 0, outcome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void cancelledWaitingTaskIsNeverSent() {
    WorkerHandle worker = idleWorker();
    Outcome running = new Outcome();
    Outcome waiting = new Outcome();
    worker.enqueue(task(1, running));
    PendingTask second = task(2, waiting);
    worker.enqueue(second);

    Future<Void> gone = worker.cancel(second);

    assertThat(gone.succeeded()).isTrue();
    assertThat(waiting.failure).isInstanceOf(TaskCancelledException.class);
    assertThat(waiting.failure.failureCode()).isEqualTo(408);
    assertThat(worker.queued()).isZero();
    launcher.last().succeed(1);
    assertThat(launcher.last().sentTaskIds()).containsExactly(1L);
  }

  @Test
  void cancelledRunningTaskIsAnsweredAtOnce() {
    WorkerHandle worker = idleWorker();
    Outcome outcome = new Outcome();
    PendingTask task = task(1, outcome);
    worker.enqueue(task);

    Future<Void> gone = worker.cancel(task);

    assertThat(outcome.failure).isInstanceOf(TaskCancelledException.class);
    assertThat(launcher.last().written()).contains(new CancelFrame(1));
    assertThat(gone.isComplete()).as("still running").isFalse();
    assertThat(worker.isRunningTask()).isTrue();

    launcher.last().succeed(1);

    assertThat(gone.succeeded()).isTrue();
    assertThat(outcome.completions).as("answered once").isEqualTo(1);
    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    clock.advance(GRACE);
    assertThat(launcher.launchCount()).as("no kill after a timely stop").isEqualTo(1);
  }

  @Test
  void deafRunningTaskIsKilledAfterGracePeriod() {
    WorkerHandle worker = idleWorker();
    Outcome outcome = new Outcome();
    PendingTask task = task(1, outcome);
    worker.enqueue(task);
    Outcome next = new Outcome();
    worker.enqueue(task(2, next));
    FakeWorkerProcess first = launcher.last();

    Future<Void> gone = worker.cancel(task);
    clock.advance(GRACE - 1);
    assertThat(gone.isComplete()).isFalse();
    clock.advance(1);

    assertThat(gone.succeeded()).isTrue();
    assertThat(first.kills()).containsExactly(true);
    assertThat(launcher.launchCount()).isEqualTo(2);
    assertThat(events).anyMatch(e -> e.startsWith("replacing: killed after com.example.T ignored its cancellation"));
    assertThat(events).doesNotContain("crashed");
    launcher.last().sendReady();
    assertThat(launcher.last().sentTaskIds()).as("the waiting task runs in the new process").containsExactly(2L);
  }

  @Test
  void cancellingATaskThatAlreadyFinishedChangesNothing() {
    WorkerHandle worker = idleWorker();
    Outcome outcome = new Outcome();
    PendingTask task = task(1, outcome);
    worker.enqueue(task);
    launcher.last().succeed(1);

    assertThat(worker.cancel(task).succeeded()).isTrue();
    assertThat(outcome.failure).isNull();
    assertThat(launcher.last().written()).doesNotContain(new CancelFrame(1));
  }

  @Test
  void progressArrivesInOrderBeforeTheResult() {
    WorkerHandle worker = idleWorker();
    Outcome outcome = new Outcome();
    worker.enqueue(task(1, outcome));

    launcher.last().sendFrame(new ProgressFrame(1, JsonNodeFactory.instance.numberNode(1)));
    launcher.last().sendFrame(new ProgressFrame(1, JsonNodeFactory.instance.numberNode(2)));
    launcher.last().succeed(1);

    assertThat(outcome.progress).extracting(update -> update.tree().intValue()).containsExactly(1, 2);
    assertThat(outcome.completions).isEqualTo(1);
  }

  @Test
  void progressForAnotherTaskIsAProtocolError() {
    WorkerHandle worker = idleWorker();
    launcher.last().sendFrame(new ProgressFrame(7, JsonNodeFactory.instance.numberNode(1)));
    assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
    assertThat(worker.lastCrashReason()).contains("progress for task 7");
  }

  /** Records what reaches a task's caller. */
  private static final class Outcome implements TaskOutcome {
    final List<TaskValue> progress = new ArrayList<>();
    ParallelException failure;
    int completions;

    @Override
    public void succeeded(TaskValue result) {
      completions++;
    }

    @Override
    public void failed(ParallelException failure) {
      completions++;
      this.failure = failure;
    }

    @Override
    public io.vertx.core.Future<Void> progress(TaskValue update) {
      progress.add(update);
      return io.vertx.core.Future.succeededFuture();
    }
  }
}
