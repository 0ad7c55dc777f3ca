package io.phalanx.parallel;

import io.vertx.core.VertxException;

/**
 * The root of every failure the pool reports. Each carries its event-bus {@link #failureCode() failure code}, and
 * its message names the pool address and, where one is involved, the worker.
 */
public class ParallelException extends VertxException {

  private final int failureCode;

  public ParallelException(String message, int failureCode) {
    this(message, failureCode, null);
  }

  public ParallelException(String message, int failureCode, Throwable cause) {
    super(message, cause);
    this.failureCode = failureCode;
  }

  protected ParallelException(String message, int failureCode, Throwable cause, boolean noStackTrace) {
    super(message, cause, noStackTrace);
    this.failureCode = failureCode;
  }

  /**
   * @return the event-bus failure code, one of {@link FailureCodes}
   */
  public int failureCode() {
    return failureCode;
  }
}
