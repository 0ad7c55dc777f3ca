package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.impl.metrics.PoolMeters;
import io.phalanx.parallel.impl.metrics.RestartCause;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the pool measures, behind a few calls from the pool and from {@link PendingTask}.
 * <p>
 * Towards the Vert.x metrics SPI the pool is a pool of type {@value #POOL_TYPE} named after its address, whose
 * resources are the worker processes: a task is enqueued when the pool accepts it, dequeued when it leaves the
 * mailbox (to its worker, or failed or cancelled while waiting), begins when its frame is written to the child and
 * ends when it leaves the worker (answered, crashed, timed out or cancelled). With vertx-micrometer-metrics these are
 * the {@code vertx_pool_*} meters. The pool's own meters ({@link PoolMeters}) come on top, and a few counters are
 * always kept for {@code <address>.stats}, metrics on or off. Confined to the supervisor's context.
 */
public final class PoolMetricsRecorder {

  public static final String POOL_TYPE = "process";

  @SuppressWarnings("rawtypes")
  private final PoolMetrics spi;
  private final PoolMeters meters;
  private long accepted;
  private long waited;
  private long waitNanos;
  private long completed;
  private long runNanos;
  private final Map<Integer, Long> rejections = new TreeMap<>();
  private final Map<Integer, Long> failures = new TreeMap<>();
  private final Map<String, Long> restarts = new TreeMap<>();
  private long retries;
  private long poisoned;

  PoolMetricsRecorder(PoolMetrics<?, ?> spi, PoolMeters meters) {
    this.spi = spi;
    this.meters = meters;
  }

  /** Counters for the stats only: what a pool measures when Vert.x runs without metrics. */
  static PoolMetricsRecorder counting() {
    return new PoolMetricsRecorder(null, PoolMeters.NONE);
  }

  /**
   * @param metrics the Vert.x metrics SPI ({@code VertxInternal.metrics()}), {@code null} when metrics are off
   */
  public static PoolMetricsRecorder create(VertxMetrics metrics, String address, int workers) {
    if (metrics == null) {
      return counting();
    }
    return new PoolMetricsRecorder(metrics.createPoolMetrics(POOL_TYPE, address, workers),
      PoolMeters.of(metrics, address));
  }

  public boolean isMetricsEnabled() {
    return spi != null;
  }

  /** The pool accepted the task and puts it in a worker's mailbox (or hands it straight to an idle worker). */
  @SuppressWarnings("unchecked")
  void enqueued(PendingTask task) {
    accepted++;
    task.metrics = this;
    task.enqueuedNanos = System.nanoTime();
    task.queueSample = spi != null ? spi.enqueue() : null;
  }

  /** The task's frame goes to the child. */
  @SuppressWarnings("unchecked")
  void begun(PendingTask task) {
    long now = System.nanoTime();
    dequeued(task, now);
    task.begunNanos = now;
    task.usageSample = spi != null ? spi.begin() : null;
  }

  /** The task left its worker, answered or not; called once. */
  @SuppressWarnings("unchecked")
  void left(PendingTask task) {
    long now = System.nanoTime();
    if (task.begunNanos < 0) {
      dequeued(task, now);
      return;
    }
    long ran = now - task.begunNanos;
    completed++;
    runNanos += ran;
    meters.ran(ran);
    if (spi != null) {
      spi.end(task.usageSample);
    }
  }

  @SuppressWarnings("unchecked")
  private void dequeued(PendingTask task, long now) {
    long waitedFor = now - task.enqueuedNanos;
    waited++;
    waitNanos += waitedFor;
    meters.waited(waitedFor);
    if (spi != null) {
      spi.dequeue(task.queueSample);
    }
  }

  /**
   * A task whose worker died under it is tried again: the attempt that died has ended (it ran, if it had begun), and
   * the task waits again, for the metrics as much as for the pool.
   */
  @SuppressWarnings("unchecked")
  void retried(PendingTask task) {
    retries++;
    meters.retried();
    if (task.begunNanos < 0) {
      // it never began (it waited in the child behind the running task): it is still waiting
      return;
    }
    left(task);
    task.begunNanos = -1;
    task.enqueuedNanos = System.nanoTime();
    task.queueSample = spi != null ? spi.enqueue() : null;
  }

  /** A task failed as poison: it was running on too many workers that died. */
  void poisoned() {
    poisoned++;
    meters.poisoned();
  }

  /** A worker process is restarted after a crash, or replaced; {@code reason} is the event's reason. */
  void restarted(String reason) {
    String cause = RestartCause.of(reason);
    restarts.merge(cause, 1L, Long::sum);
    meters.restarted(cause);
  }

  /**
   * Wraps a request's outcome: a failure during {@link WorkerPool#submit} is a rejection (the task never reached a
   * mailbox), a later one the failure of an accepted task.
   */
  Submission observe(TaskOutcome outcome) {
    return new Submission(outcome);
  }

  final class Submission implements TaskOutcome {
    private final TaskOutcome outcome;
    private boolean submitting = true;

    private Submission(TaskOutcome outcome) {
      this.outcome = outcome;
    }

    void submitted() {
      submitting = false;
    }

    @Override
    public void succeeded(TaskValue result) {
      outcome.succeeded(result);
    }

    @Override
    public void failed(ParallelException failure) {
      int code = failure.failureCode();
      if (submitting) {
        rejections.merge(code, 1L, Long::sum);
        meters.rejected(code);
      } else {
        failures.merge(code, 1L, Long::sum);
        meters.failed(code);
      }
      outcome.failed(failure);
    }

    @Override
    public io.vertx.core.Future<Void> progress(TaskValue update) {
      return outcome.progress(update);
    }
  }

  /**
   * The counters for {@code <address>.stats}: tasks accepted, dequeued ({@code waited}, with the total wait) and
   * completed (with the total run time), rejections and failures by code, restarts by cause, retries after crashes
   * and poison tasks. With retries, {@code waited} and {@code completed} count each attempt.
   */
  public JsonObject stats() {
    JsonObject byCode = new JsonObject();
    rejections.forEach((code, n) -> byCode.put(String.valueOf(code), n));
    JsonObject failed = new JsonObject();
    failures.forEach((code, n) -> failed.put(String.valueOf(code), n));
    JsonObject byCause = new JsonObject();
    restarts.forEach(byCause::put);
    return new JsonObject()
      .put("accepted", accepted)
      .put("waited", waited)
      .put("waitNanos", waitNanos)
      .put("completed", completed)
      .put("runNanos", runNanos)
      .put("rejections", byCode)
      .put("failures", failed)
      .put("restarts", byCause)
      .put("retries", retries)
      .put("poisoned", poisoned);
  }

  public void close() {
    meters.close();
    if (spi != null) {
      spi.close();
    }
  }
}
