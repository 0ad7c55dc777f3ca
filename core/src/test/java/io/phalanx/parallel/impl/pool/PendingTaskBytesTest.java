package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.MailboxOverflowException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.impl.supervisionfixtures.Payload;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of the tasks a pool holds are bounded ({@code maxPendingTaskBytes}): past the limit a task is refused at
 * once, and a task gives its bytes back once it is gone.
 */
class PendingTaskBytesTest {

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private WorkerPool pool;

  private WorkerPool startedPool(long maxPendingTaskBytes) {
    ParallelConfig config = new ParallelConfig()
      .setPrefetch(0)
      .setHeartbeatTimeout(0)
      .setStackDumpTimeout(0)
      .setAgents(1)
      .setAddress("test.pool")
      .setJavaCommand("java")
      .setClasspath("/opt/app/worker.jar")
      .setMaxPendingTaskBytes(maxPendingTaskBytes);
    pool = new WorkerPool(config, launcher, clock, getClass().getClassLoader(), event -> { }, n -> 100L);
    Future<Void> started = pool.start();
    launcher.lastOf("worker-0").sendReady();
    assertThat(started.succeeded()).isTrue();
    return pool;
  }

  private RecordingOutcome submit(int chars) {
    RecordingOutcome outcome = new RecordingOutcome();
    pool.submit(Payload.ofSize(chars), -1, -1, outcome);
    return outcome;
  }

  private FakeWorkerProcess worker() {
    return launcher.lastOf("worker-0");
  }

  @Test
  void aTaskPastTheLimitIsRefusedAtOnceUntilOthersAreDone() {
    startedPool(10_000);
    RecordingOutcome first = submit(3_000);
    long one = pool.pendingTaskBytes();
    assertThat(one).isBetween(3_000L, 3_300L);
    RecordingOutcome second = submit(3_000);
    RecordingOutcome third = submit(3_000);

    RecordingOutcome refused = submit(3_000);

    assertThat(first.isDone() || second.isDone() || third.isDone()).isFalse();
    assertThat(refused.failure()).isInstanceOf(MailboxOverflowException.class)
      .hasMessageContaining("pool 'test.pool' holds")
      .hasMessageContaining("would pass its limit of 10000 bytes (ParallelConfig.setMaxPendingTaskBytes)");
    assertThat(refused.failure().failureCode()).isEqualTo(FailureCodes.MAILBOX_FULL);
    assertThat(pool.pendingTaskBytes()).isEqualTo(3 * one);

    worker().succeed(worker().sentTaskIds().get(0));

    assertThat(first.succeeded()).isTrue();
    assertThat(pool.pendingTaskBytes()).isEqualTo(2 * one);
    RecordingOutcome taken = submit(3_000);
    assertThat(taken.isDone()).isFalse();
    assertThat(pool.pendingTaskBytes()).isEqualTo(3 * one);
  }

  @Test
  void aTaskLargerThanTheLimitIsTakenWhileThePoolHoldsNone() {
    startedPool(1_000);

    RecordingOutcome large = submit(5_000);
    RecordingOutcome small = submit(10);

    assertThat(large.isDone()).isFalse();
    assertThat(small.failure()).isInstanceOf(MailboxOverflowException.class);
  }

  @Test
  void theTasksOfACrashedWorkerGiveTheirBytesBack() {
    startedPool(100_000);
    RecordingOutcome running = submit(3_000);
    RecordingOutcome waiting = submit(3_000);

    worker().exit(137);

    assertThat(running.failure()).isNotNull();
    assertThat(waiting.isDone()).isTrue();
    assertThat(pool.pendingTaskBytes()).isZero();
  }

  @Test
  void byDefaultTheLimitIsAQuarterOfTheHeap() {
    assertThat(PendingBytes.of(new ParallelConfig()).limit()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    assertThat(PendingBytes.of(new ParallelConfig().setMaxPendingTaskBytes(123)).limit()).isEqualTo(123);
  }
}
