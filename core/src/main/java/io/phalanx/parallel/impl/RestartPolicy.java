package io.phalanx.parallel.impl;

/**
 * How long the supervisor waits before restarting a crashed worker.
 */
@FunctionalInterface
interface RestartPolicy {

  /**
   * @param restarts how many times in a row this worker has been restarted before, 0 for the first restart
   * @return the delay in milliseconds
   */
  long delay(int restarts);
}
