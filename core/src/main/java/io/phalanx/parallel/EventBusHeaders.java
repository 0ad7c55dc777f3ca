package io.phalanx.parallel;

/**
 * The event-bus headers of the pool's API, for clients that do not use {@link Parallel}.
 * <p>
 * A request is checked before anything else: a header of the {@code phalanx-} family that is not one of the four
 * request headers below, a request header given twice, or a malformed value is answered at once with 400
 * ({@link FailureCodes#INVALID_TASK}) and a message naming the header. Headers of other families (tracing and the
 * like) are left alone. No header can lift a limit of the pool: a sender may only narrow what the pool allows for its
 * own request.
 */
public final class EventBusHeaders {

  /**
   * Request: the longest the task may run once handed to its worker, in milliseconds, a decimal whole number from
   * {@code -1} up. A ceiling under the pool's {@link ParallelConfig#setTaskTimeout task timeout}, never above it: the
   * task gets the shorter of the two. {@code 0} and {@code -1} ask for nothing of the request's own (the pool's
   * applies; with none there, the task has none): neither switches the pool's timeout off.
   */
  public static final String TIMEOUT = "phalanx-timeout";

  /**
   * Request: how often the task may be tried again if its worker dies under it, a decimal whole number from
   * {@code -1} up ({@code -1} the pool's). It may lower the pool's {@link ParallelConfig#setRetriesOnCrash
   * retriesOnCrash}, never raise it: a larger value means the pool's.
   */
  public static final String RETRIES = "phalanx-retries";

  /**
   * Request: the request's id, a random value: a version 4 UUID in its canonical form, as {@code UUID.randomUUID()}
   * or {@code crypto.randomUUID()} make, or a random token of 22 to 128 characters of {@code A-Z a-z 0-9 - _} (such
   * as 16 random bytes in base64url). Anything else is refused (400), and so is an id already in use by a task of the
   * pool. Whoever knows an id may cancel its task, by sending {@code {"request": "<id>"}} to
   * {@code <address>.cancel}: keep it to yourself.
   */
  public static final String REQUEST_ID = "phalanx-request-id";

  /**
   * Request: where the task's progress updates go, as {@code {"seq": n, "progress": <update>}}, n counting from 1,
   * all before the reply. It must be an address of the request's own: {@code <address>.progress.<random>}, under the
   * pool's address, ending in a random value the sender made (of the form of {@link #REQUEST_ID}; {@link Parallel}
   * uses the request id). Any other address is refused (400), so that no consumer a sender does not own ever receives
   * a message caused by it: the sender cannot name another application's address, and cannot guess another request's.
   * (A request whose task is not JSON, {@link Parallel}'s own form, gets each update as the bytes the worker wrote, in
   * the pool's internal codec: {@code Parallel} reads them once into its handler's type.)
   */
  public static final String PROGRESS_ADDRESS = "phalanx-progress";

  /**
   * Reply (to a request that named a progress address): how many progress updates were sent, so the caller can
   * wait for any still on their way before it treats the result. Never a request header (400).
   */
  public static final String PROGRESS_COUNT = "phalanx-progress-count";

  private EventBusHeaders() {
  }
}
