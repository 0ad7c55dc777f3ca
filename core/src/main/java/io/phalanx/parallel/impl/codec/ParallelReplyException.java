package io.phalanx.parallel.impl.codec;

import io.phalanx.parallel.ParallelException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The failure reply of the pool. To any event-bus client it is a plain {@code ReplyException(RECIPIENT_FAILURE,
 * code, message)}; inside one JVM it also carries the typed {@link ParallelException} (with the remote stack trace of
 * a failed task), which the Java client hands to the caller.
 */
public final class ParallelReplyException extends ReplyException {

  private final ParallelException exception;

  public ParallelReplyException(ParallelException exception) {
    super(ReplyFailure.RECIPIENT_FAILURE, exception.failureCode(), exception.getMessage(), true);
    this.exception = exception;
  }

  public ParallelException exception() {
    return exception;
  }
}
