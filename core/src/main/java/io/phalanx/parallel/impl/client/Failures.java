package io.phalanx.parallel.impl.client;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.MailboxOverflowException;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PayloadTooLargeException;
import io.phalanx.parallel.PoisonTaskException;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.codec.ParallelReplyException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Turns what the event bus reports into the typed exceptions of the API.
 */
public final class Failures {

  private Failures() {
  }

  public static Throwable toParallelException(Throwable failure, String address) {
    if (failure instanceof ParallelReplyException reply) {
      return reply.exception();
    }
    if (!(failure instanceof ReplyException reply)) {
      return failure;
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new PoolUnavailableException("no supervisor is deployed on address '" + address + "'");
    }
    if (reply.failureType() == ReplyFailure.TIMEOUT) {
      return new PoolUnavailableException("no answer from pool '" + address + "': " + reply.getMessage());
    }
    String message = reply.getMessage();
    switch (reply.failureCode()) {
      case FailureCodes.INVALID_TASK:
        return new InvalidTaskException(message);
      case FailureCodes.CANCELLED:
        return new TaskCancelledException(message);
      case FailureCodes.PAYLOAD_TOO_LARGE:
        return new PayloadTooLargeException(message);
      case FailureCodes.POISON_TASK:
        return new PoisonTaskException(message);
      case FailureCodes.MAILBOX_FULL:
        return new MailboxOverflowException(message);
      case FailureCodes.TASK_FAILED:
        // from another JVM of the cluster: the remote details travel in the message only
        return new TaskFailedException(message, null, null, new StackTraceElement[0], null);
      case FailureCodes.WORKER_CRASHED:
        return new WorkerCrashedException(message);
      case FailureCodes.POOL_UNAVAILABLE:
        return new PoolUnavailableException(message);
      case FailureCodes.TASK_TIMEOUT:
        return new TaskTimeoutException(message);
      default:
        return new ParallelException(message, reply.failureCode(), reply);
    }
  }
}
