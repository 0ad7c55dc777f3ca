package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.ParallelException;

/**
 * A task accepted by the pool: its encoded {@code task} frame and where its outcome goes. Completed exactly once.
 */
final class PendingTask {

  private final long id;
  private final String taskClass;
  private final byte[] frame;
  private final long timeout;
  private final TaskOutcome outcome;
  private final io.vertx.core.Promise<Void> gone = io.vertx.core.Promise.promise();
  private String requestId;
  private boolean done;
  private long sentAtNanos;
  /** Set by {@link PoolMetricsRecorder#enqueued} when the pool accepts the task. */
  PoolMetricsRecorder metrics;
  long enqueuedNanos;
  long begunNanos = -1;
  Object queueSample;
  Object usageSample;

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

  /** When the task was written to its worker's process ({@link Clock#nanos()}). */
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

  void progress(JsonNode update) {
    if (!done) {
      outcome.progress(update);
    }
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

  /** @see TaskOutcome#earlySuccess() */
  java.util.function.Consumer<JsonNode> earlySuccess() {
    return outcome.earlySuccess();
  }

  boolean isDone() {
    return done;
  }

  /** Answers the caller; a task still running after a cancellation is answered, but not gone, yet. */
  void succeed(JsonNode result) {
    if (!done) {
      done = true;
      outcome.succeeded(result);
    }
  }

  void fail(ParallelException failure) {
    if (!done) {
      done = true;
      outcome.failed(failure);
    }
  }
}
