package io.phalanx.parallel;

/**
 * The task was cancelled before it completed.
 * Event-bus failure code {@link FailureCodes#CANCELLED}.
 */
public class TaskCancelledException extends ParallelException {

  public TaskCancelledException(String message) {
    super(message, FailureCodes.CANCELLED, null, true);
  }
}
