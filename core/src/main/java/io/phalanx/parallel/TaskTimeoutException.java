package io.phalanx.parallel;

/**
 * The task ran past its timeout; its worker was killed and restarted.
 * Event-bus failure code {@link FailureCodes#TASK_TIMEOUT}.
 */
public class TaskTimeoutException extends ParallelException {

  public TaskTimeoutException(String message) {
    super(message, FailureCodes.TASK_TIMEOUT, null, false);
  }
}
