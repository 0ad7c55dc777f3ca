package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.RestartPolicy;
import io.phalanx.parallel.impl.metrics.PoolMeters;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.impl.supervisionfixtures.Square;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.metrics.PoolMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls the pool makes on the Vert.x pool metrics SPI, on a fake clock and a fake launcher: every enqueue is
 * matched by one dequeue, every begin by one end, whatever becomes of the task.
 */
class PoolMetricsRecorderTest {

  private static final RestartPolicy POLICY = n -> 100;

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final RecordingPoolMetrics spi = new RecordingPoolMetrics();
  private final PoolMetricsRecorder recorder = new PoolMetricsRecorder(spi, PoolMeters.NONE);
  private WorkerPool pool;

  private void startPool(int mailboxLimit) {
    startPool(new ParallelConfig().setMailboxLimit(mailboxLimit));
  }

  private void startPool(ParallelConfig given) {
    // one task at a time in the child: a prefetched task would leave only when the fake child answers its cancel
    ParallelConfig config = given.setPrefetch(0).setAgents(1).setAddress("test.pool").setJavaCommand("java")
      .setClasspath("/opt/app/worker.jar").setHeartbeatTimeout(0);
    pool = new WorkerPool(config, launcher, clock, getClass().getClassLoader(), event -> {
    }, POLICY);
    pool.metrics(recorder);
    Future<Void> started = pool.start();
    process().sendReady();
    assertThat(started.succeeded()).isTrue();
  }

  private FakeWorkerProcess process() {
    return launcher.lastOf("worker-0");
  }

  private RecordingOutcome submit(String requestId) {
    RecordingOutcome outcome = new RecordingOutcome();
    pool.submit(new Square(3), -1, -1, requestId, outcome);
    return outcome;
  }

  private JsonObject counters() {
    return pool.stats().getJsonObject("tasks");
  }

  @Test
  void taskToIdleWorkerPassesEveryMeter() {
    startPool(10);

    RecordingOutcome outcome = submit(null);

    assertThat(spi.calls).containsExactly("enqueue 1", "dequeue 1", "begin 1");
    process().succeed(process().sentTaskIds().get(0));
    assertThat(outcome.succeeded()).isTrue();
    assertThat(spi.calls).containsExactly("enqueue 1", "dequeue 1", "begin 1", "end 1");
    assertThat(counters().getLong("completed")).isEqualTo(1);
    assertThat(counters().getLong("waited")).isEqualTo(1);
  }

  @Test
  void crashEndsTasksAndCountsRestartByCause() {
    startPool(10);
    submit(null);
    RecordingOutcome waiting1 = submit(null);
    RecordingOutcome waiting2 = submit(null);
    assertThat(spi.pending).isEqualTo(2);
    assertThat(spi.inUse).isEqualTo(1);

    process().endStderr().exit(9);

    assertThat(waiting1.failure().failureCode()).isEqualTo(502);
    assertThat(waiting2.failure().failureCode()).isEqualTo(502);
    assertThat(spi.pending).isZero();
    assertThat(spi.inUse).isZero();
    assertThat(spi.calls).filteredOn(c -> c.startsWith("end")).hasSize(1);
    assertThat(spi.calls).filteredOn(c -> c.startsWith("dequeue")).hasSize(3);
    assertThat(counters().getJsonObject("failures").getLong("502")).isEqualTo(3);
    assertThat(counters().getJsonObject("restarts").getLong("exit")).isEqualTo(1);
  }

  @Test
  void cancelledWaitingTaskIsDequeuedUnbegun() {
    startPool(10);
    submit(null);
    RecordingOutcome cancelled = submit("req-1");

    assertThat(pool.cancel("req-1").result()).isTrue();

    assertThat(cancelled.failure().failureCode()).isEqualTo(408);
    assertThat(spi.calls).containsExactly("enqueue 1", "dequeue 1", "begin 1", "enqueue 2", "dequeue 2");
    assertThat(spi.pending).isZero();
    assertThat(counters().getJsonObject("failures").getLong("408")).isEqualTo(1);
  }

  @Test
  void rejectedRequestIsCountedByCode() {
    startPool(0);
    submit(null);

    RecordingOutcome refused = submit(null);

    assertThat(refused.failure().failureCode()).isEqualTo(429);
    assertThat(spi.calls).containsExactly("enqueue 1", "dequeue 1", "begin 1");
    assertThat(counters().getJsonObject("rejections").getLong("429")).isEqualTo(1);
    assertThat(counters().getJsonObject("failures").isEmpty()).isTrue();
    assertThat(counters().getLong("accepted")).isEqualTo(1);
  }

  @Test
  void aRetriedTaskEndsItsAttemptAndWaitsAgain() {
    startPool(new ParallelConfig().setMailboxLimit(10).setRetriesOnCrash(1));
    RecordingOutcome outcome = submit(null);

    process().endStderr().exit(9);

    assertThat(spi.calls).containsExactly("enqueue 1", "dequeue 1", "begin 1", "end 1", "enqueue 2");
    assertThat(spi.pending).isEqualTo(1);
    assertThat(spi.inUse).isZero();
    clock.advance(100);
    process().sendReady();
    process().succeed(process().sentTaskIds().get(0));
    assertThat(outcome.succeeded()).isTrue();
    assertThat(spi.calls).endsWith("enqueue 2", "dequeue 2", "begin 2", "end 2");
    assertThat(counters().getLong("retries")).isEqualTo(1);
    assertThat(counters().getLong("accepted")).isEqualTo(1);
    assertThat(counters().getLong("completed")).as("each attempt that ran").isEqualTo(2);
    assertThat(counters().getJsonObject("failures").isEmpty()).isTrue();
  }

  /** Numbers each enqueue and begin, and records which ones are dequeued and ended. */
  private static final class RecordingPoolMetrics implements PoolMetrics<Long, Long> {
    final List<String> calls = new ArrayList<>();
    long enqueued;
    long begun;
    int pending;
    int inUse;

    @Override
    public Long enqueue() {
      pending++;
      calls.add("enqueue " + ++enqueued);
      return enqueued;
    }

    @Override
    public void dequeue(Long queueMetric) {
      pending--;
      calls.add("dequeue " + queueMetric);
    }

    @Override
    public Long begin() {
      inUse++;
      calls.add("begin " + ++begun);
      return begun;
    }

    @Override
    public void end(Long usageMetric) {
      inUse--;
      calls.add("end " + usageMetric);
    }
  }
}
