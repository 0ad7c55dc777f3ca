package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.impl.tracing.TaskSpan;

/**
 * A task accepted by the pool: its encoded {@code task} frame and where its outcome goes. Completed exactly once.
 */
final class PendingTask {

  /** How many progress updates of one task may be on their way, unacknowledged, before newer ones are coalesced. */
  static final int PROGRESS_WINDOW = 16;

  private final long id;
  private final String taskClass;
  private final byte[] frame;
  private final long timeout;
  private final TaskOutcome outcome;
  private final io.vertx.core.Promise<Void> gone = io.vertx.core.Promise.promise();
  private String requestId;
  private boolean done;
  private long sentAtNanos;
  private int progressOnItsWay;
  private TaskValue waitingProgress;
  /** The task's span, {@code null} when it is not traced; its worker is noted as the task enters a mailbox. */
  TaskSpan span;
  /** Set by {@link PoolMetricsRecorder#enqueued} when the pool accepts the task. */
  PoolMetricsRecorder metrics;
  long enqueuedNanos;
  long begunNanos = -1;
  Object queueSample;
  Object usageSample;
  /** Only for a task that may be tried again after a crash: its retries and the attempts its workers died under. */
  private CrashAttempts crashes;

  /**
   * @param timeout milliseconds the task may run once handed to its worker, 0 for none
   */
  PendingTask(long id, String taskClass, byte[] frame, long timeout, TaskOutcome outcome) {
    this.id = id;
    this.taskClass = taskClass;
    this.frame = frame;
    this.timeout = timeout;
    this.outcome = outcome;
  }

  long timeout() {
    return timeout;
  }

  /** When the task was written to its worker's process ({@link io.phalanx.parallel.impl.Clock#nanos()}). */
  long sentAtNanos() {
    return sentAtNanos;
  }

  void sentAtNanos(long nanos) {
    this.sentAtNanos = nanos;
  }

  /**
   * @return the caller's id for this request (for cancellation), or {@code null}
   */
  String requestId() {
    return requestId;
  }

  void requestId(String requestId) {
    this.requestId = requestId;
  }

  /**
   * @return completes once the task is neither waiting nor running anywhere: answered, failed, removed, or its
   * worker gone
   */
  io.vertx.core.Future<Void> gone() {
    return gone.future();
  }

  void leave() {
    if (gone.tryComplete() && metrics != null) {
      metrics.left(this);
    }
  }

  /** The task is running in its worker, as far as the parent can tell: it is the first of the tasks sent there. */
  void sent() {
    if (metrics != null) {
      metrics.begun(this);
    }
  }

  /**
   * Passes a progress update on. At most {@link #PROGRESS_WINDOW} are on their way at a time; past that, updates are
   * coalesced: only the newest is kept, and it follows once one on its way has been handed on. A receiver that keeps
   * up therefore sees every update, and the newest one always goes before the outcome.
   */
  void progress(TaskValue update) {
    if (done) {
      return;
    }
    if (progressOnItsWay >= PROGRESS_WINDOW) {
      waitingProgress = update;
      return;
    }
    forwardProgress(update);
  }

  private void forwardProgress(TaskValue update) {
    progressOnItsWay++;
    outcome.progress(update).onComplete(handed -> {
      progressOnItsWay--;
      TaskValue next = waitingProgress;
      waitingProgress = null;
      if (next != null && !done) {
        forwardProgress(next);
      }
    });
  }

  /** The newest update, if one still waits, goes before the outcome (without waiting to be handed on). */
  private void flushProgress() {
    TaskValue last = waitingProgress;
    waitingProgress = null;
    if (last != null) {
      outcome.progress(last);
    }
  }

  /**
   * @param retries how often the task may be tried again after its worker died under it; 0 for never
   */
  void retriesOnCrash(int retries) {
    this.crashes = retries > 0 ? new CrashAttempts(retries) : null;
  }

  /** Whether the task may be tried again after a crash (it may still have used up its retries). */
  boolean mayRetry() {
    return crashes != null;
  }

  /** Its retries and crashed attempts; {@code null} for a task that is never retried. */
  CrashAttempts crashes() {
    return crashes;
  }

  long id() {
    return id;
  }

  String taskClass() {
    return taskClass;
  }

  byte[] frame() {
    return frame;
  }

  boolean isDone() {
    return done;
  }

  /** Answers the caller; a task still running after a cancellation is answered, but not gone, yet. */
  void succeed(TaskValue result) {
    if (!done) {
      done = true;
      flushProgress();
      outcome.succeeded(result);
    }
  }

  void fail(ParallelException failure) {
    if (!done) {
      done = true;
      flushProgress();
      outcome.failed(failure);
    }
  }
}
