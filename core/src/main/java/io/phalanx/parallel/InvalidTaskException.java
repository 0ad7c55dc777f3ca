package io.phalanx.parallel;

import io.phalanx.parallel.task.Task;

/**
 * The request is not a task a worker can run: an unknown class, a class that does not implement {@link Task}, a
 * lambda, method reference, anonymous, local or non-static inner class, or state Jackson cannot carry across. Raised
 * before anything reaches a worker; the message names the class and, where one is to blame, the field.
 * Event-bus failure code {@link FailureCodes#INVALID_TASK}.
 */
public class InvalidTaskException extends ParallelException {

  public InvalidTaskException(String message) {
    super(message, FailureCodes.INVALID_TASK, null, true);
  }

  public InvalidTaskException(String message, Throwable cause) {
    super(message, FailureCodes.INVALID_TASK, cause, false);
  }
}
