package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tasks of one worker slot ({@link SlotTasks}): its mailbox, the timeouts, and recycling.
 */
class SlotTasksTest extends WorkerHandleFixture {

  /** The mailbox and the task on the worker. */
  @Nested
  class Tasks {

    @Test
    void aTaskForAnIdleWorkerIsSentAtOnce() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();
      RecordingOutcome outcome = new RecordingOutcome();

      assertThat(worker.enqueue(task(1, outcome))).isTrue();

      assertThat(worker.state()).isEqualTo(WorkerState.PROCESSING);
      assertThat(process.sentTaskIds()).containsExactly(1L);
      assertThat(worker.isRunningTask()).isTrue();
      assertThat(worker.queued()).isZero();
      assertThat(worker.load()).isEqualTo(1);

      process.succeed(1);

      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(outcome.result().intValue()).isEqualTo(5);
      assertThat(worker.tasksDone()).isEqualTo(1);
      assertThat(worker.load()).isZero();
    }

    @Test
    void theMailboxIsFifoAndTasksAreSentOneAtATime() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();
      List<RecordingOutcome> outcomes = List.of(new RecordingOutcome(), new RecordingOutcome(), new RecordingOutcome());

      worker.enqueue(task(1, outcomes.get(0)));
      worker.enqueue(task(2, outcomes.get(1)));
      worker.enqueue(task(3, outcomes.get(2)));

      assertThat(process.sentTaskIds()).containsExactly(1L);
      assertThat(worker.queued()).isEqualTo(2);
      assertThat(worker.load()).isEqualTo(3);

      process.succeed(1);
      assertThat(process.sentTaskIds()).containsExactly(1L, 2L);
      assertThat(worker.state()).isEqualTo(WorkerState.PROCESSING);
      assertThat(worker.queued()).isEqualTo(1);
      assertThat(outcomes.get(0).succeeded()).isTrue();
      assertThat(outcomes.get(1).isDone()).isFalse();

      process.fail(2, "bad input");
      assertThat(process.sentTaskIds()).containsExactly(1L, 2L, 3L);
      assertThat(outcomes.get(1).failure()).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("com.example.T failed in worker-0")
        .hasMessageContaining("java.lang.IllegalStateException: bad input");
      assertThat(outcomes.get(1).failure().failureCode()).isEqualTo(FailureCodes.TASK_FAILED);

      process.succeed(3);
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(outcomes).allSatisfy(o -> assertThat(o.completions()).isEqualTo(1));
      assertThat(worker.tasksDone()).isEqualTo(3);
    }

    @Test
    void aTaskTheWorkerCannotReadFailsAsInvalid() {
      WorkerHandle worker = idleWorker();
      RecordingOutcome outcome = new RecordingOutcome();
      worker.enqueue(task(1, outcome));

      RemoteError error = new RemoteError("com.fasterxml.jackson.databind.JsonMappingException", "no creator",
        List.of(), null, RemoteError.CODE_INVALID_TASK);
      launcher.last().sendFrame(TaskResponseFrame.failure(1, error, -1));

      assertThat(outcome.failure()).isInstanceOf(InvalidTaskException.class).hasMessageContaining("no creator");
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    }

    @Test
    void aTaskEnqueuedFromAnOutcomeCallbackKeepsTheOrder() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();
      RecordingOutcome fourth = new RecordingOutcome();
      worker.enqueue(task(1, new RecordingOutcome(() -> worker.enqueue(task(4, fourth)))));
      worker.enqueue(task(2, new RecordingOutcome()));

      process.succeed(1);

      assertThat(process.sentTaskIds()).containsExactly(1L, 2L);
      assertThat(worker.queued()).isEqualTo(1);
      process.succeed(2);
      assertThat(process.sentTaskIds()).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aFullMailboxRefuses() {
      WorkerHandle worker = idleWorker(config().setMailboxLimit(1));
      RecordingOutcome refused = new RecordingOutcome();

      assertThat(worker.enqueue(task(1, new RecordingOutcome()))).isTrue();
      assertThat(worker.canAccept()).as("running one, room for one").isTrue();
      assertThat(worker.enqueue(task(2, new RecordingOutcome()))).isTrue();

      assertThat(worker.canAccept()).isFalse();
      assertThat(worker.enqueue(task(3, refused))).isFalse();
      assertThat(worker.queued()).isEqualTo(1);
      assertThat(refused.isDone()).as("a refused task is the caller's to fail").isFalse();
      assertThat(launcher.last().sentTaskIds()).containsExactly(1L);
    }

    @Test
    void withMailboxLimitZeroOnlyAnIdleWorkerAccepts() {
      WorkerHandle worker = idleWorker(config().setMailboxLimit(0));
      FakeWorkerProcess process = launcher.last();

      assertThat(worker.canAccept()).isTrue();
      assertThat(worker.enqueue(task(1, new RecordingOutcome()))).isTrue();
      assertThat(worker.canAccept()).isFalse();
      assertThat(worker.enqueue(task(2, new RecordingOutcome()))).isFalse();

      process.succeed(1);

      assertThat(worker.canAccept()).isTrue();
      assertThat(process.sentTaskIds()).containsExactly(1L);
    }

    @Test
    void aStartingWorkerTakesNoTask() {
      WorkerHandle worker = worker();
      worker.start();

      assertThat(worker.canAccept()).isFalse();
      assertThat(worker.enqueue(task(1, new RecordingOutcome()))).isFalse();
      assertThat(worker.queued()).isZero();
    }
  }

  /** A task past its timeout, and the replacement process. */
  @Nested
  class Timeouts {

    @Test
    void timedOutTaskFailsAndProcessIsReplaced() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess old = launcher.last();
      RecordingOutcome slow = new RecordingOutcome();
      RecordingOutcome second = new RecordingOutcome();
      RecordingOutcome third = new RecordingOutcome();
      worker.enqueue(task(1, 500, slow));
      worker.enqueue(task(2, second));
      worker.enqueue(task(3, third));

      clock.advance(499);
      assertThat(worker.state()).isEqualTo(WorkerState.PROCESSING);
      assertThat(slow.isDone()).isFalse();

      clock.advance(1);

      assertThat(slow.failure()).isInstanceOf(TaskTimeoutException.class)
        .hasMessageContaining("com.example.T ran past its timeout of 500 ms")
        .hasMessageContaining("worker-0");
      assertThat(slow.failure().failureCode()).isEqualTo(FailureCodes.TASK_TIMEOUT);
      assertThat(old.kills()).containsExactly(true);
      assertThat(launcher.launchCount()).isEqualTo(2);
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
      assertThat(worker.queued()).isEqualTo(2);
      assertThat(worker.isAccepting()).as("a replacing worker keeps taking tasks").isTrue();
      assertThat(listener.replacements).singleElement().asString().contains("timeout of 500 ms");
      assertThat(listener.crashes).as("a timeout kill is no crash").isEmpty();
      assertThat(second.isDone()).isFalse();
      assertThat(third.isDone()).isFalse();

      // the killed process's death is not news
      old.succeed(1).exit(9);
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);

      FakeWorkerProcess fresh = launcher.last();
      fresh.sendReady();
      assertThat(fresh.sentTaskIds()).containsExactly(2L);
      fresh.succeed(2);
      assertThat(fresh.sentTaskIds()).containsExactly(2L, 3L);
      fresh.succeed(3);

      assertThat(second.succeeded()).isTrue();
      assertThat(third.succeeded()).isTrue();
      assertThat(old.sentTaskIds()).containsExactly(1L);
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(slow.completions()).isEqualTo(1);
      assertThat(listener.crashes).isEmpty();
    }

    @Test
    void aTaskAnsweredInTimeCancelsItsTimer() {
      WorkerHandle worker = idleWorker();
      RecordingOutcome outcome = new RecordingOutcome();
      worker.enqueue(task(1, 500, outcome));

      clock.advance(300);
      launcher.last().succeed(1);
      assertThat(clock.pendingCount()).isZero();
      clock.advance(10_000);

      assertThat(outcome.succeeded()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(launcher.launchCount()).isEqualTo(1);
    }

    @Test
    void timeoutCountsFromSendingNotQueueing() {
      WorkerHandle worker = idleWorker();
      RecordingOutcome first = new RecordingOutcome();
      RecordingOutcome second = new RecordingOutcome();
      worker.enqueue(task(1, first));
      worker.enqueue(task(2, 500, second));

      clock.advance(1_000);
      launcher.last().succeed(1);
      clock.advance(499);

      assertThat(second.isDone()).isFalse();
      clock.advance(1);
      assertThat(second.failure()).isInstanceOf(TaskTimeoutException.class);
    }

    @Test
    void aReplacementThatFailsToStartHandsTheMailboxOver() {
      WorkerHandle worker = idleWorker();
      RecordingOutcome slow = new RecordingOutcome();
      worker.enqueue(task(1, 500, slow));
      worker.enqueue(task(2, new RecordingOutcome()));
      clock.advance(500);
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);

      launcher.last().exit(1);

      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(listener.onlyCrash().queued()).extracting(PendingTask::id).containsExactly(2L);
      assertThat(slow.failure()).isInstanceOf(TaskTimeoutException.class);
    }
  }

  /** Recycling after max tasks or over the heap ceiling. */
  @Nested
  class Recycling {

    @Test
    void recycledAfterMaxTasksWithoutFailures() {
      WorkerHandle worker = idleWorker(config().setMaxTasksPerWorker(3));
      FakeWorkerProcess old = launcher.last();
      List<RecordingOutcome> outcomes = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        RecordingOutcome outcome = new RecordingOutcome();
        outcomes.add(outcome);
        worker.enqueue(task(i, outcome));
      }
      old.succeed(1).succeed(2);
      assertThat(old.gotShutdown()).isFalse();
      assertThat(launcher.launchCount()).isEqualTo(1);

      old.succeed(3);

      assertThat(old.gotShutdown()).isTrue();
      assertThat(old.lifelineClosedCalls()).as("it leaves by itself, its lifeline open").isZero();
      assertThat(old.kills()).as("a recycled process gets its grace").isEmpty();
      assertThat(launcher.launchCount()).isEqualTo(2);
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
      assertThat(listener.replacements).singleElement().asString().contains("recycled after 3 tasks");
      assertThat(outcomes.get(2).succeeded()).isTrue();

      RecordingOutcome fifth = new RecordingOutcome();
      assertThat(worker.enqueue(task(5, fifth))).as("queued while the new process starts").isTrue();
      FakeWorkerProcess fresh = launcher.last();
      old.exit(0);
      fresh.sendReady();
      assertThat(fresh.sentTaskIds()).containsExactly(4L);
      fresh.succeed(4).succeed(5);

      assertThat(old.sentTaskIds()).containsExactly(1L, 2L, 3L);
      assertThat(outcomes).allSatisfy(o -> assertThat(o.succeeded()).isTrue());
      assertThat(fifth.succeeded()).isTrue();
      assertThat(listener.crashes).isEmpty();
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(worker.tasksDone()).isEqualTo(5);
    }

    @Test
    void stuckRecycledProcessGetsSigtermThenSigkill() {
      WorkerHandle worker = idleWorker(config().setMaxTasksPerWorker(1));
      FakeWorkerProcess old = launcher.last();
      worker.enqueue(task(1, new RecordingOutcome()));
      old.succeed(1);
      launcher.last().sendReady();

      clock.advance(SHUTDOWN_GRACE - 1);
      assertThat(old.kills()).isEmpty();
      clock.advance(1);
      assertThat(old.kills()).containsExactly(false);
      clock.advance(KILL_GRACE);

      assertThat(old.kills()).containsExactly(false, true);
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    }

    @Test
    void aWorkerOverTheHeapCeilingIsRecycled() {
      WorkerHandle worker = idleWorker(config().setMaxWorkerHeap(1_000));
      FakeWorkerProcess process = launcher.last();
      RecordingOutcome small = new RecordingOutcome();
      RecordingOutcome big = new RecordingOutcome();

      worker.enqueue(task(1, small));
      process.succeed(1, JsonNodeFactory.instance.numberNode(5), 500);
      assertThat(launcher.launchCount()).isEqualTo(1);
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);

      worker.enqueue(task(2, big));
      process.succeed(2, JsonNodeFactory.instance.numberNode(5), 2_000);

      assertThat(big.succeeded()).isTrue();
      assertThat(launcher.launchCount()).isEqualTo(2);
      assertThat(process.gotShutdown()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
      assertThat(listener.replacements).singleElement().asString().contains("2000 bytes").contains("1000");
      assertThat(worker.stats().getLong("heapUsed")).isEqualTo(2_000);
    }
  }
}
