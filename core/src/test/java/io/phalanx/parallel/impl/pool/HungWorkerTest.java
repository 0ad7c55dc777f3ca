package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.metrics.RestartCause;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hung workers and where their task was, on a fake clock and a fake process: a worker silent for the heartbeat
 * timeout is a crash named "unresponsive"; any frame is a sign of life; before a timeout kill or an unresponsive
 * kill the pool asks the worker for its task's stack, then a thread dump, within a deadline it never waits past.
 */
class HungWorkerTest {

  private static final long HEARTBEAT_TIMEOUT = 2_000;
  private static final long STACK_DUMP_TIMEOUT = 500;
  private static final StackTraceElement SLEEP = new StackTraceElement("java.lang.Thread", "sleep", null, -2);
  private static final StackTraceElement WAIT_HERE = new StackTraceElement("com.example.Stuck", "waitHere",
    "Stuck.java", 12);

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final WorkerHandleTest.RecordingListener listener = new WorkerHandleTest.RecordingListener();

  private static ParallelConfig config() {
    return new ParallelConfig().setPrefetch(0).setAddress("test.pool").setJavaCommand("java")
      .setHeartbeatTimeout(HEARTBEAT_TIMEOUT).setStackDumpTimeout(STACK_DUMP_TIMEOUT)
      .setShutdownGracePeriod(1_000).setKillGracePeriod(500);
  }

  private WorkerHandle idleWorker(ParallelConfig config) {
    WorkerHandle worker = new WorkerHandle(0, "test.pool", config, new WorkerCommand(config), launcher, clock,
      new FrameCodec(Codecs.MAPPER, config.getMaxFrameBytes()), listener);
    worker.start();
    launcher.last().sendReady();
    return worker;
  }

  private static PendingTask task(long id, long timeout, RecordingOutcome outcome) {
    try {
      byte[] frame = FakeWorkerProcess.CODEC.encode(new TaskFrame(id, "com.example.Stuck",
        JsonNodeFactory.instance.objectNode()));
      return new PendingTask(id, "com.example.Stuck", frame, timeout, outcome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Time passes in steps, the process beating (or not) between them. */
  private void advanceBeating(FakeWorkerProcess process, long millis, long every) {
    for (long passed = 0; passed < millis; passed += every) {
      clock.advance(every);
      process.sendHeartbeat();
    }
  }

  // ------------------------------------------------------------------------------------------------ heartbeats

  @Test
  void aSilentWorkerIsACrashNamedUnresponsive() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();

    clock.advance(HEARTBEAT_TIMEOUT - 1);
    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    clock.advance(HEARTBEAT_TIMEOUT / 10);

    assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
    assertThat(listener.onlyCrash().reason()).startsWith("unresponsive").contains("2000 ms")
      .contains("setHeartbeatTimeout");
    assertThat(process.kills()).containsExactly(true);
    assertThat(process.stackRequests()).as("an idle worker has no task to ask about").isEmpty();
    assertThat(RestartCause.of(listener.onlyCrash().reason())).isEqualTo(RestartCause.UNRESPONSIVE);
  }

  @Test
  void heartbeatsKeepAnIdleWorkerAlive() {
    WorkerHandle worker = idleWorker(config());

    advanceBeating(launcher.last(), 60_000, 500);

    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    assertThat(listener.crashes).isEmpty();
  }

  @Test
  void anyFrameIsASignOfLife() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome outcome = new RecordingOutcome();
    worker.enqueue(task(1, 0, outcome));

    // no heartbeat at all, only the task's progress: a flood of frames is never silence
    for (int i = 0; i < 40; i++) {
      clock.advance(500);
      process.sendFrame(new ProgressFrame(1, JsonNodeFactory.instance.numberNode(i)));
    }
    process.succeed(1);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(listener.crashes).isEmpty();
  }

  @Test
  void aLateCheckIsTheParentsStallNotTheWorkers() {
    WorkerHandle worker = idleWorker(config());

    // the parent's event loop stood still for 10 s: the check comes late, and the beats may still be unread
    clock.setMillis(clock.millis() + 10_000);
    clock.advance(0);

    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    advanceBeating(launcher.last(), 5_000, 500);
    assertThat(listener.crashes).isEmpty();
  }

  @Test
  void aTimeoutOfZeroWatchesNothingAndAsksForNoBeats() {
    ParallelConfig config = config().setHeartbeatTimeout(0);
    WorkerHandle worker = idleWorker(config);

    clock.advance(600_000);

    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    assertThat(launcher.last().args()).doesNotContain("--heartbeat-interval");
  }

  @Test
  void workersBeatAtLeastFourTimesPerTimeout() {
    List<String> args = new WorkerCommand(new ParallelConfig().setHeartbeatInterval(1_000)
      .setHeartbeatTimeout(2_000)).arguments("worker-0");
    assertThat(args).containsSubsequence("--heartbeat-interval", "500");

    args = new WorkerCommand(new ParallelConfig()).arguments("worker-0");
    assertThat(args).containsSubsequence("--heartbeat-interval", "1000");
  }

  @Test
  void aStartingWorkerIsLeftToTheStartTimeout() {
    WorkerHandle worker = new WorkerHandle(0, "test.pool", config().setStartTimeout(30_000),
      new WorkerCommand(config()), launcher, clock, FakeWorkerProcess.CODEC, listener);
    worker.start();

    clock.advance(HEARTBEAT_TIMEOUT * 3);

    assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
  }

  // ------------------------------------------------------------------------------------------------ unresponsive

  @Test
  void anUnresponsiveWorkersTaskFailsWithItsStack() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome outcome = new RecordingOutcome();
    worker.enqueue(task(1, 0, outcome));

    // the silence is found by a check at exactly the timeout
    clock.advance(HEARTBEAT_TIMEOUT);
    assertThat(process.stackRequests()).containsExactly(1L);
    assertThat(process.wasKilled()).as("not before it had its chance to tell").isFalse();
    RecordingOutcome waiting = new RecordingOutcome();
    worker.enqueue(task(2, 0, waiting));
    assertThat(process.sentTaskIds()).as("no task goes to a process about to be killed").containsExactly(1L);
    process.sendStack(1, SLEEP, WAIT_HERE);

    assertThat(process.kills()).containsExactly(true);
    assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
    WorkerCrashedException failure = (WorkerCrashedException) outcome.failure();
    assertThat(failure).hasMessageContaining("unresponsive").hasMessageContaining("it was at " + WAIT_HERE);
    assertThat(failure.remoteStackTrace()).containsExactly(SLEEP, WAIT_HERE);
    assertThat(failure.getStackTrace()).containsExactly(SLEEP, WAIT_HERE);
    assertThat(listener.onlyCrash().queued()).extracting(PendingTask::id).containsExactly(2L);
  }

  @Test
  void aStoppedWorkerIsKilledWithoutWaiting() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last().stopped(true);
    RecordingOutcome outcome = new RecordingOutcome();
    worker.enqueue(task(1, 0, outcome));

    // the silence is found by a check at exactly the timeout
    clock.advance(HEARTBEAT_TIMEOUT);

    assertThat(process.kills()).containsExactly(true);
    assertThat(process.threadDumps()).isZero();
    assertThat(outcome.failure()).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("unresponsive");
    assertThat(((WorkerCrashedException) outcome.failure()).remoteStackTrace()).isEmpty();
  }

  @Test
  void aThreadDumpTellsWhenTheChannelCannot() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome outcome = new RecordingOutcome();
    worker.enqueue(task(1, 0, outcome));
    // the silence is found by a check at exactly the timeout
    clock.advance(HEARTBEAT_TIMEOUT);

    clock.advance(STACK_DUMP_TIMEOUT / 2 - 1);
    assertThat(process.threadDumps()).isZero();
    clock.advance(1);
    assertThat(process.threadDumps()).isEqualTo(1);
    process.stderrLine("a line of the task");
    for (String line : ThreadDumpParserTest.DUMP.split("\n")) {
      process.stderrLine(line);
    }

    assertThat(process.kills()).containsExactly(true);
    WorkerCrashedException failure = (WorkerCrashedException) outcome.failure();
    assertThat(failure.remoteStackTrace()).extracting(StackTraceElement::getMethodName)
      .containsExactly("sleep", "waitHere", "run");
    assertThat(failure).hasMessageContaining("a line of the task").hasMessageNotContaining("Full thread dump")
      .hasMessageNotContaining("phalanx-task-runner");
  }

  @Test
  void theKillNeverWaitsPastTheDeadline() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome outcome = new RecordingOutcome();
    worker.enqueue(task(1, 0, outcome));
    // the silence is found by a check at exactly the timeout
    clock.advance(HEARTBEAT_TIMEOUT);

    clock.advance(STACK_DUMP_TIMEOUT - 1);
    assertThat(process.wasKilled()).isFalse();
    clock.advance(1);

    assertThat(process.kills()).containsExactly(true);
    assertThat(outcome.failure()).isInstanceOf(WorkerCrashedException.class);
    // an answer after the deadline changes nothing
    process.sendStack(1, WAIT_HERE);
    assertThat(outcome.completions()).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------------ timeouts

  @Test
  void aTimeoutAsksForTheStackThenKills() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess first = launcher.last();
    RecordingOutcome timedOut = new RecordingOutcome();
    RecordingOutcome next = new RecordingOutcome();
    worker.enqueue(task(1, 1_000, timedOut));
    worker.enqueue(task(2, 0, next));
    first.sendHeartbeat();

    clock.advance(1_000);

    assertThat(first.stackRequests()).containsExactly(1L);
    assertThat(launcher.launchCount()).as("the replacement does not wait for the stack").isEqualTo(2);
    assertThat(first.wasKilled()).isFalse();
    assertThat(timedOut.isDone()).isFalse();
    // what the old process says meanwhile reaches no task: its late answer is no protocol error
    first.succeed(1);
    first.sendStack(1, SLEEP, WAIT_HERE);

    assertThat(first.kills()).containsExactly(true);
    TaskTimeoutException failure = (TaskTimeoutException) timedOut.failure();
    assertThat(failure).hasMessageContaining("ran past its timeout of 1000 ms")
      .hasMessageContaining("it was at " + WAIT_HERE);
    assertThat(failure.remoteStackTrace()).containsExactly(SLEEP, WAIT_HERE);
    assertThat(listener.crashes).isEmpty();
    launcher.last().sendReady();
    assertThat(launcher.last().sentTaskIds()).containsExactly(2L);
  }

  @Test
  void noAnswerFailsTheTimeoutWithoutAStack() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess first = launcher.last();
    RecordingOutcome timedOut = new RecordingOutcome();
    worker.enqueue(task(1, 1_000, timedOut));
    clock.advance(1_000);

    clock.advance(STACK_DUMP_TIMEOUT);

    assertThat(first.threadDumps()).isEqualTo(1);
    assertThat(first.kills()).containsExactly(true);
    TaskTimeoutException failure = (TaskTimeoutException) timedOut.failure();
    assertThat(failure.remoteStackTrace()).isEmpty();
    assertThat(failure.getMessage()).doesNotContain("it was at");
  }

  @Test
  void anEmptyAnswerMeansTheTaskNoLongerRuns() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess first = launcher.last();
    RecordingOutcome timedOut = new RecordingOutcome();
    worker.enqueue(task(1, 1_000, timedOut));
    clock.advance(1_000);

    first.sendStack(1);

    assertThat(first.kills()).containsExactly(true);
    assertThat(first.threadDumps()).isZero();
    assertThat(((TaskTimeoutException) timedOut.failure()).remoteStackTrace()).isEmpty();
  }

  @Test
  void aTimeoutWhileDrainingKillsOnceTheStackIsIn() {
    WorkerHandle worker = idleWorker(config().setShutdownGracePeriod(10_000));
    FakeWorkerProcess process = launcher.last();
    RecordingOutcome timedOut = new RecordingOutcome();
    worker.enqueue(task(1, 1_000, timedOut));
    worker.stop();
    process.sendHeartbeat();

    clock.advance(1_000);
    assertThat(process.wasKilled()).isFalse();
    process.sendStack(1, WAIT_HERE);

    assertThat(process.kills()).containsExactly(true);
    assertThat(launcher.launchCount()).as("no replacement while draining").isEqualTo(1);
    assertThat(timedOut.failure()).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("was killed;");
    process.exit(137);
    assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
  }

  @Test
  void aProcessThatDiesMeanwhileEndsTheCollection() {
    WorkerHandle worker = idleWorker(config());
    FakeWorkerProcess first = launcher.last();
    RecordingOutcome timedOut = new RecordingOutcome();
    worker.enqueue(task(1, 1_000, timedOut));
    clock.advance(1_000);

    first.exit(137);

    assertThat(timedOut.failure()).isInstanceOf(TaskTimeoutException.class);
    assertThat(clock.pendingRemaining()).as("nothing waits for the deadline any more")
      .noneMatch(remaining -> remaining == STACK_DUMP_TIMEOUT || remaining == STACK_DUMP_TIMEOUT / 2);
  }

  @Test
  void aStackDumpTimeoutOfZeroKillsAtOnce() {
    WorkerHandle worker = idleWorker(config().setStackDumpTimeout(0));
    FakeWorkerProcess first = launcher.last();
    RecordingOutcome timedOut = new RecordingOutcome();
    worker.enqueue(task(1, 1_000, timedOut));

    clock.advance(1_000);

    assertThat(first.stackRequests()).isEmpty();
    assertThat(first.kills()).containsExactly(true);
    assertThat(timedOut.failure()).isInstanceOf(TaskTimeoutException.class);
  }
}
