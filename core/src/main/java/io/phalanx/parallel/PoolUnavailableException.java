package io.phalanx.parallel;

/**
 * The pool is draining, shut down, or has no live worker. Requests fail at once; they never wait for a worker.
 * Event-bus failure code {@link FailureCodes#POOL_UNAVAILABLE}.
 */
public class PoolUnavailableException extends ParallelException {

  public PoolUnavailableException(String message) {
    super(message, FailureCodes.POOL_UNAVAILABLE, null, true);
  }
}
