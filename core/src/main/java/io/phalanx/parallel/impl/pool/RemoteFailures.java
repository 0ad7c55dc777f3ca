package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PayloadTooLargeException;
import io.phalanx.parallel.RemoteThrowable;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.protocol.RemoteError;

/**
 * Turns the error of a failed {@code task_response} into the exception the caller receives.
 */
final class RemoteFailures {

  private RemoteFailures() {
  }

  /**
   * @param taskClass the task's class name
   * @param worker    the worker, as messages name it
   */
  static ParallelException toException(String taskClass, String worker, RemoteError error) {
    if (error.code() == RemoteError.CODE_INVALID_TASK) {
      return new InvalidTaskException(error.message() + " (" + worker + ")");
    }
    if (error.code() == RemoteError.CODE_TOO_LARGE) {
      return new PayloadTooLargeException(taskClass + " in " + worker + ": " + error.message());
    }
    if (error.code() == RemoteError.CODE_CANCELLED) {
      return new TaskCancelledException(error.message() + " (" + worker + ")");
    }
    return new TaskFailedException(taskClass + " failed in " + worker + ": " + error.summary(),
      error.className(), error.message(), error.stackTrace(), remoteCause(error.cause()));
  }

  private static Throwable remoteCause(RemoteError error) {
    if (error == null) {
      return null;
    }
    return new RemoteThrowable(error.className(), error.message(), error.stackTrace(), remoteCause(error.cause()));
  }
}
