package io.phalanx.parallel.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadTurnTest {

  /** Takes the turn on a thread of its own; completes with the time it got it. */
  private static CompletableFuture<Long> otherReader(ReadTurn turn) {
    CompletableFuture<Long> got = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      turn.acquire();
      got.complete(System.nanoTime());
      turn.release();
    }, "other-reader");
    thread.setDaemon(true);
    thread.start();
    return got;
  }

  private static void awaitKeeperAsleep(ReadTurn turn) {
    awaitKeeperAsleep(turn, TimeUnit.SECONDS.toNanos(10));
  }

  private static void awaitKeeperAsleep(ReadTurn turn, long withinNanos) {
    long deadline = System.nanoTime() + withinNanos;
    while (!turn.keeperAsleep()) {
      assertThat(System.nanoTime()).as("the keeper asleep within " + withinNanos / 1_000_000 + " ms")
        .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  @Test
  void theHolderKeepsTheTurnAcrossQuickTasks() throws Exception {
    ReadTurn turn = new ReadTurn(TimeUnit.MINUTES.toNanos(1));
    turn.acquire();
    CompletableFuture<Long> other = otherReader(turn);

    for (int i = 0; i < 100; i++) {
      turn.running();
      assertThat(turn.runDone()).isTrue();
    }
    // a round trip of the other thread's start, at least: it is waiting, not holding
    Thread.sleep(50);
    assertThat(other).isNotDone();

    turn.release();
    other.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aTaskThatRunsPastTheHandOverTimeLosesTheTurn() throws Exception {
    long handOver = TimeUnit.MILLISECONDS.toNanos(20);
    ReadTurn turn = new ReadTurn(handOver);
    turn.acquire();
    long started = System.nanoTime();
    turn.running();
    CompletableFuture<Long> other = otherReader(turn);

    long got = other.get(10, TimeUnit.SECONDS);

    assertThat(got - started).isGreaterThanOrEqualTo(handOver);
    // with the long task's turn handed over, the keeper has nothing to watch: it sleeps at once, rather than looking
    // every period for LINGER_LOOKS periods (2 s here)
    awaitKeeperAsleep(turn, TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(turn.runDone()).as("the turn went over while the task ran").isFalse();
    // releasing a turn no longer held gives nothing away
    turn.release();
    turn.acquire();
    turn.release();
  }

  @Test
  void aTaskThatWaitsForTheChannelHandsTheTurnOverAtOnce() throws Exception {
    ReadTurn turn = new ReadTurn(TimeUnit.MINUTES.toNanos(1));
    turn.acquire();
    turn.running();
    CompletableFuture<Long> other = otherReader(turn);
    Thread.sleep(20);
    assertThat(other).isNotDone();

    turn.handOverFromRunningTask();

    other.get(10, TimeUnit.SECONDS);
    assertThat(turn.runDone()).isFalse();
  }

  @Test
  void noHandOverWhileTheHolderReads() throws Exception {
    ReadTurn turn = new ReadTurn(TimeUnit.MILLISECONDS.toNanos(1));
    turn.acquire();
    CompletableFuture<Long> other = otherReader(turn);

    turn.handOverFromRunningTask();
    Thread.sleep(50);

    // reading, not running: neither a service call nor the keeper takes the turn away
    assertThat(other).isNotDone();
    assertThat(turn.heldWhileRunning()).isFalse();
    turn.release();
    other.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theKeeperWatchesAgainAfterItFellAsleep() throws Exception {
    long handOver = TimeUnit.MILLISECONDS.toNanos(1);
    ReadTurn turn = new ReadTurn(handOver);
    turn.acquire();
    turn.running();
    // on a busy machine the keeper may already have handed this turn over (1 ms): either way it then sleeps
    turn.runDone();
    // the keeper looks LINGER_LOOKS times, then sleeps until a task runs
    awaitKeeperAsleep(turn);
    turn.release();
    turn.acquire();

    turn.running();
    CompletableFuture<Long> other = otherReader(turn);

    other.get(10, TimeUnit.SECONDS);
    assertThat(turn.runDone()).isFalse();
  }

  @Test
  void onlyOneReaderHoldsTheTurn() throws Exception {
    ReadTurn turn = new ReadTurn(TimeUnit.MILLISECONDS.toNanos(1));
    int readers = 4;
    int rounds = 2_000;
    java.util.concurrent.atomic.AtomicInteger holding = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
    CountDownLatch done = new CountDownLatch(readers);
    for (int r = 0; r < readers; r++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < rounds; i++) {
          turn.acquire();
          if (holding.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          holding.decrementAndGet();
          turn.release();
        }
        done.countDown();
      });
      thread.setDaemon(true);
      thread.start();
    }

    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(overlaps).hasValue(0);
  }
}
