package io.phalanx.parallel;

import io.phalanx.parallel.task.Task;

/**
 * The failure codes of the pool's event-bus API. A failed request is answered with a
 * {@link io.vertx.core.eventbus.ReplyException} of type {@code RECIPIENT_FAILURE} carrying one of these codes; the
 * Java client turns each into its typed {@link ParallelException}.
 */
public final class FailureCodes {

  /**
   * 400: bad input, answered at once with a message naming the problem: not a task (unknown class, not a
   * {@link Task}, outside the allowlist, a closure, unserializable state), arguments out of bounds, a body of another
   * type or codec, a bad {@code phalanx-*} header, a request id in use.
   */
  public static final int INVALID_TASK = 400;
  /** 408: the task was cancelled. */
  public static final int CANCELLED = 408;
  /**
   * 413: the task's answer breaks a limit of the protocol (the frame size limit, or the string, number or nesting
   * limits of decoding); the worker serves on.
   */
  public static final int PAYLOAD_TOO_LARGE = 413;
  /**
   * 422: a poison task ({@link PoisonTaskException}): it was running on as many workers that died as
   * {@link ParallelConfig#setPoisonThreshold} allows, and is not tried again.
   */
  public static final int POISON_TASK = 422;
  /** 429: no mailbox could take the task (backpressure). */
  public static final int MAILBOX_FULL = 429;
  /** 500: the task threw. */
  public static final int TASK_FAILED = 500;
  /** 502: the worker crashed while holding the task. */
  public static final int WORKER_CRASHED = 502;
  /** 503: the pool is draining or has no live worker; on a cluster, no node announced itself to the client in time. */
  public static final int POOL_UNAVAILABLE = 503;
  /** 504: the task ran past its timeout. */
  public static final int TASK_TIMEOUT = 504;

  private FailureCodes() {
  }
}
