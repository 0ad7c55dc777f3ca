package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Halt;
import io.phalanx.parallel.fixtures.Kaboom;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of encoded tasks a pool holds are bounded: a task past {@code maxPendingTaskBytes} is refused at once
 * (429), and every way a task ends gives its bytes back.
 */
class PendingTaskBytesLimitTest extends PoolTestBase {

  private PoolStats stats() {
    return new PoolStats((JsonObject) await(vertx.eventBus().request("bytes.stats", null)).body());
  }

  @Test
  void largeTasksPastTheLimitAreRefusedAtOnce() {
    deploy(ParallelConfig.singleWorker().setAddress("bytes").setMaxPendingTaskBytes(300_000));
    Parallel parallel = Parallel.create(vertx, "bytes");
    String tag = "x".repeat(100_000);
    List<Future<Sleep.Span>> taken = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      taken.add(parallel.inWorker(new Sleep(300, tag)));
    }

    Throwable refused = failureOf(parallel.inWorker(new Sleep(300, tag + tag)));

    assertThat(refused).isInstanceOf(MailboxOverflowException.class)
      .hasMessageContaining("would pass its limit of 300000 bytes (ParallelConfig.setMaxPendingTaskBytes)");
    assertThat(((ParallelException) refused).failureCode()).isEqualTo(FailureCodes.MAILBOX_FULL);
    assertThat(stats().getPendingTaskBytes()).isBetween(200_000L, 210_000L);
    taken.forEach(PoolTestBase::await);
    assertThat(stats().getPendingTaskBytes()).isZero();
    assertThat(await(parallel.inWorker(new Sleep(1, tag + tag))).tag()).hasSize(200_000);
  }

  @Test
  void everyWayATaskEndsGivesItsBytesBack() {
    deploy(new ParallelConfig().setAgents(2).setAddress("bytes").setRetriesOnCrash(0));
    Parallel parallel = Parallel.create(vertx, "bytes");

    assertThat(await(parallel.inWorker(new Add(1, 2)))).isEqualTo(3);
    failureOf(parallel.inWorker(new Kaboom("failed")));
    failureOf(parallel.inWorker(new Sleep(10_000, "timed out"), new TaskOptions().setTimeout(100)));
    TaskExecution<Sleep.Span> cancelled = parallel.submit(new Sleep(10_000, "cancelled"));
    await(cancelled.cancel());
    failureOf(cancelled.result());
    failureOf(parallel.inWorker(new Halt(3)));
    failureOf(parallel.inWorker(new InvalidTask()));

    assertThat(stats().getPendingTaskBytes()).isZero();
  }

  /** Not a record: refused before it takes any bytes. */
  static final class InvalidTask implements io.phalanx.parallel.task.Task<String> {
    @Override
    public String run(io.phalanx.parallel.task.TaskScope scope) {
      return "never";
    }
  }
}
