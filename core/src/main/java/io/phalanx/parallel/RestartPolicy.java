package io.phalanx.parallel;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long the supervisor waits before restarting a crashed worker, after a number of consecutive restarts.
 * The pool builds its policy from {@link ParallelConfig} ({@link #exponentialBackoff} with the configured initial
 * delay, maximum delay and multiplier); the factories validate their arguments.
 */
@FunctionalInterface
public interface RestartPolicy {

  /**
   * @param restarts how many times in a row the worker was restarted before this restart: 0 for the first
   * @return the delay in milliseconds, at least 0
   */
  long delay(int restarts);

  /**
   * @return a policy waiting {@code delay} ms before every restart
   */
  static RestartPolicy constantDelay(long delay) {
    Checks.atLeast("delay", delay, 0);
    return restarts -> delay;
  }

  /**
   * Exponential backoff with jitter. The base delay of restart {@code n} is
   * {@code min(maxDelay, initialDelay × multiplier^n)}; the delay is drawn uniformly from
   * {@code [base / 2, base]}, so workers that crash together do not restart in lockstep.
   *
   * @param initialDelay the base delay of the first restart, at least 0
   * @param maxDelay     the largest base delay, at least {@code initialDelay}
   * @param multiplier   the growth per consecutive restart, at least 1
   */
  static RestartPolicy exponentialBackoff(long initialDelay, long maxDelay, double multiplier) {
    return exponentialBackoff(initialDelay, maxDelay, multiplier, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * {@link #exponentialBackoff(long, long, double)} with a given source of randomness in {@code [0, 1)}.
   */
  static RestartPolicy exponentialBackoff(long initialDelay, long maxDelay, double multiplier, DoubleSupplier random) {
    Checks.atLeast("initialDelay", initialDelay, 0);
    Checks.requireArgument(maxDelay >= initialDelay, "maxDelay (%d ms) must be at least initialDelay (%d ms)",
      maxDelay, initialDelay);
    Checks.finiteAtLeast("multiplier", multiplier, 1.0);
    Checks.requireArgument(random != null, "random must not be null");
    return restarts -> {
      double base = Math.min((double) maxDelay, initialDelay * Math.pow(multiplier, Math.max(0, restarts)));
      double jitter = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
      return Math.round(base / 2 + jitter * base / 2);
    };
  }
}
