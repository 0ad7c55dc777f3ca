package io.phalanx.parallel;

/**
 * The task ran past its timeout; its worker was killed and restarted. When the worker could tell in time (see
 * {@link ParallelConfig#setStackDumpTimeout}), the exception's stack trace is the stack of the task's thread at the
 * timeout, innermost first: the caller sees the line where its task was stuck.
 * Event-bus failure code {@link FailureCodes#TASK_TIMEOUT}.
 */
public class TaskTimeoutException extends ParallelException {

  private final boolean remoteStack;

  public TaskTimeoutException(String message) {
    this(message, null);
  }

  /**
   * @param remoteStack the stack of the task's thread in its worker, innermost first; {@code null} when unknown
   */
  public TaskTimeoutException(String message, StackTraceElement[] remoteStack) {
    super(message, FailureCodes.TASK_TIMEOUT, null, false);
    this.remoteStack = RemoteStacks.apply(this, remoteStack);
  }

  /**
   * @return where the task's thread was when it timed out, innermost first; empty when that is unknown
   */
  public StackTraceElement[] remoteStackTrace() {
    return remoteStack ? getStackTrace() : new StackTraceElement[0];
  }
}
