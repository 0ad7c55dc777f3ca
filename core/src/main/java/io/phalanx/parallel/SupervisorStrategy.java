package io.phalanx.parallel;

/**
 * What the supervisor does when a worker crashes. In every case the crashed worker's running and queued tasks fail
 * with {@link WorkerCrashedException}; other workers' tasks are untouched.
 */
public enum SupervisorStrategy {

  /** Restart the crashed worker with exponential backoff, within the restart intensity limit. */
  RESTART_ON_CRASH,

  /** Stop every worker at the first crash and fail what they hold: the pool stops serving. */
  STOP_ALL,

  /** Leave the crashed worker down; the others keep serving. */
  IGNORE
}
