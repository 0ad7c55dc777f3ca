package io.phalanx.parallel;

/**
 * A poison task: it was running on as many workers that died as {@link ParallelConfig#setPoisonThreshold} allows,
 * and is never sent to another worker. The message names each worker it ran on and how that worker ended (exit code,
 * signal, protocol error or unresponsive). Only a task that may be retried ({@link ParallelConfig#setRetriesOnCrash})
 * can be one; its stack trace is where the task was when its last worker was killed, when that could be learnt.
 * Event-bus failure code {@link FailureCodes#POISON_TASK}.
 */
public class PoisonTaskException extends ParallelException {

  private final boolean remoteStack;

  public PoisonTaskException(String message) {
    this(message, null);
  }

  /**
   * @param remoteStack the stack of the task's thread in its last worker, innermost first; {@code null} when unknown
   */
  public PoisonTaskException(String message, StackTraceElement[] remoteStack) {
    super(message, FailureCodes.POISON_TASK, null, false);
    this.remoteStack = RemoteStacks.apply(this, remoteStack);
  }

  /**
   * @return where the task's thread was in its last worker, innermost first; empty when that is unknown
   */
  public StackTraceElement[] remoteStackTrace() {
    return remoteStack ? getStackTrace() : new StackTraceElement[0];
  }
}
