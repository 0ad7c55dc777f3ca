package io.phalanx.parallel;

/**
 * The task threw inside its worker. Carries the remote exception's class name, message and stack trace; its own
 * stack trace is the remote one, and its cause is the remote cause chain as {@link RemoteThrowable}s, so a printed
 * stack trace shows where in the worker the task failed.
 * Event-bus failure code {@link FailureCodes#TASK_FAILED}.
 */
public class TaskFailedException extends ParallelException {

  private final String remoteClassName;
  private final String remoteMessage;

  public TaskFailedException(String message, String remoteClassName, String remoteMessage,
                             StackTraceElement[] remoteStackTrace, Throwable remoteCause) {
    super(message, FailureCodes.TASK_FAILED, remoteCause, false);
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
    setStackTrace(remoteStackTrace);
  }

  /**
   * @return the class name of the exception the task threw, for example {@code java.lang.IllegalStateException}
   */
  public String remoteClassName() {
    return remoteClassName;
  }

  /**
   * @return the message of the exception the task threw, may be {@code null}
   */
  public String remoteMessage() {
    return remoteMessage;
  }

  /**
   * @return the stack trace of the exception the task threw, innermost frame first
   */
  public StackTraceElement[] remoteStackTrace() {
    return getStackTrace();
  }
}
