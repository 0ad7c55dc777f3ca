package io.phalanx.parallel;

/**
 * The worker holding the task crashed (unexpected exit, protocol error or failed start). The message gives the exit code or signal and the last lines the worker wrote to stderr.
 * Event-bus failure code {@link FailureCodes#WORKER_CRASHED}.
 */
public class WorkerCrashedException extends ParallelException {

  public WorkerCrashedException(String message) {
    super(message, FailureCodes.WORKER_CRASHED, null, false);
  }
}
