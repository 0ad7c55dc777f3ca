package io.phalanx.parallel;

/**
 * The worker holding the task crashed (unexpected exit, protocol error, failed start, or unresponsive past
 * {@link ParallelConfig#setHeartbeatTimeout}). The message gives the exit code or signal and the last lines the worker
 * wrote to stderr. When the worker was killed for being unresponsive and could still tell where the task was, the
 * exception's stack trace is the stack of the task's thread, innermost first.
 * Event-bus failure code {@link FailureCodes#WORKER_CRASHED}.
 */
public class WorkerCrashedException extends ParallelException {

  private final boolean remoteStack;

  public WorkerCrashedException(String message) {
    this(message, null);
  }

  /**
   * @param remoteStack the stack of the task's thread in its worker, innermost first; {@code null} when unknown
   */
  public WorkerCrashedException(String message, StackTraceElement[] remoteStack) {
    super(message, FailureCodes.WORKER_CRASHED, null, false);
    this.remoteStack = RemoteStacks.apply(this, remoteStack);
  }

  /**
   * @return where the task's thread was when its worker was killed, innermost first; empty when that is unknown
   */
  public StackTraceElement[] remoteStackTrace() {
    return remoteStack ? getStackTrace() : new StackTraceElement[0];
  }
}
