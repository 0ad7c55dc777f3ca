package io.phalanx.parallel;

/**
 * The event-bus headers of the pool's API, for clients that do not use {@link Parallel}.
 */
public final class EventBusHeaders {

  /** Request: the task's timeout in milliseconds ({@code 0} none, {@code -1} the pool's). */
  public static final String TIMEOUT = "phalanx-timeout";

  /**
   * Request: how often the task may be tried again if its worker dies under it ({@code -1} the pool's). It may lower
   * the pool's {@link ParallelConfig#setRetriesOnCrash retriesOnCrash}, never raise it: a larger value means the
   * pool's. A value that is no integer of at least -1 is refused with 400.
   */
  public static final String RETRIES = "phalanx-retries";

  /**
   * Request: the caller's id for this request, unique per caller; cancel the task by sending
   * {@code {"request": "<id>"}} to {@code <address>.cancel}.
   */
  public static final String REQUEST_ID = "phalanx-request-id";

  /**
   * Request: an address the caller consumes; the pool sends each progress update of the task there as
   * {@code {"seq": n, "progress": <update>}}, n counting from 1, all before the reply.
   */
  public static final String PROGRESS_ADDRESS = "phalanx-progress";

  /**
   * Reply (to a request that named a progress address): how many progress updates were sent, so the caller can
   * wait for any still on their way before it treats the result.
   */
  public static final String PROGRESS_COUNT = "phalanx-progress-count";

  private EventBusHeaders() {
  }
}
