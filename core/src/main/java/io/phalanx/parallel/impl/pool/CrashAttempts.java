package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.WorkerCrashedException;

import java.util.ArrayList;
import java.util.List;

/**
 * The retries of a task that may be tried again after a crash ({@code retriesOnCrash} above 0), and each attempt that
 * ended with its worker's death: which worker, how it ended, and whether the task was running or only waiting in
 * the child behind the running one. Poison is told from the running attempts only. Confined to the supervisor's
 * context.
 */
final class CrashAttempts {

  /** One attempt that ended with its worker's death. */
  record Attempt(String worker, long pid, String reason, boolean running, StackTraceElement[] stack) {

    /** "worker-0 (pid 4242) exited unexpectedly with exit code 3". */
    String describe() {
      return worker + (pid > 0 ? " (pid " + pid + ")" : "") + " " + reason
        + (running ? "" : " (the task was waiting behind another)");
    }
  }

  /**
   * The tasks written to a process that died, the running one first: each fails with {@code failure}, except those
   * that may be tried again, which record their attempt and are returned. A task already answered (cancelled while it
   * ran) only leaves. The running task's failure carries its stack, when one was learnt before the kill.
   *
   * @param mayRetry whether any task may be retried (not while the slot stops)
   * @param running  how the running task's attempt ended; those behind it were waiting
   */
  static List<PendingTask> triage(List<PendingTask> died, boolean mayRetry, Attempt running,
                                  WorkerCrashedException failure) {
    List<PendingTask> retry = new ArrayList<>();
    for (int i = 0; i < died.size(); i++) {
      PendingTask task = died.get(i);
      Attempt attempt = i == 0 ? running
        : new Attempt(running.worker(), running.pid(), running.reason(), false, null);
      if (mayRetry && task.mayRetry() && !task.isDone()) {
        task.crashes().died(attempt);
        retry.add(task);
        continue;
      }
      task.leave();
      task.fail(attempt.stack() == null ? failure
        : new WorkerCrashedException(failure.getMessage() + StackCollector.where(attempt.stack()), attempt.stack()));
    }
    return retry;
  }

  private final int retries;
  private final List<Attempt> attempts = new ArrayList<>(2);
  private int used;

  /**
   * @param retries how often the task may be tried again, at least 1
   */
  CrashAttempts(int retries) {
    this.retries = retries;
  }

  int retries() {
    return retries;
  }

  /** The task's worker died under it. */
  void died(Attempt attempt) {
    attempts.add(attempt);
  }

  /** How many of the workers that died under it were running it. */
  int runningDeaths() {
    int n = 0;
    for (Attempt attempt : attempts) {
      if (attempt.running()) {
        n++;
      }
    }
    return n;
  }

  boolean hasRetryLeft() {
    return used < retries;
  }

  /**
   * Takes a retry.
   *
   * @return the number of the attempt that begins, 2 for the first retry
   */
  int useRetry() {
    used++;
    return used + 1;
  }

  /** Whether the task was running, or waiting, in this worker when it died. */
  boolean diedOn(String workerId) {
    for (Attempt attempt : attempts) {
      if (attempt.worker().equals(workerId)) {
        return true;
      }
    }
    return false;
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  Attempt last() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }

  /** Every attempt, "; "-separated, as messages name them. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (Attempt attempt : attempts) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(attempt.describe());
    }
    return sb.toString();
  }
}
