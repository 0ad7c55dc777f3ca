package io.phalanx.parallel.impl.pool;

import java.util.function.LongSupplier;

/**
 * How many of a worker process's output lines reach the parent's log: at most {@code perSecond} in each second; the
 * rest are counted, and the count is told once that second is over. Logging a line costs the supervisor's event loop
 * about 15 µs (the log record, its caller and its format), and a task printing in a loop kept that loop logging: a
 * request to another worker waited 1.1 to 2.5 s. Lines left out of the log still count for a crash report.
 */
final class LogBudget {

  static final long WINDOW_NANOS = 1_000_000_000L;

  private final int perSecond;
  private final LongSupplier nanoTime;
  private boolean started;
  private long windowStart;
  private int logged;
  private long leftOut;
  /** Left out in a second that is over, not told yet. */
  private long untold;

  /**
   * @param perSecond the most lines logged in one second; 0 for no limit
   * @param nanoTime  the clock
   */
  LogBudget(int perSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  /** @return whether the next line may be logged; counts it either way */
  boolean take() {
    if (perSecond == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    if (!started || now - windowStart >= WINDOW_NANOS) {
      started = true;
      windowStart = now;
      untold += leftOut;
      leftOut = 0;
      logged = 0;
    }
    if (logged < perSecond) {
      logged++;
      return true;
    }
    leftOut++;
    return false;
  }

  /** @return how many lines were left out in seconds that are over (once); 0 when none */
  long untold() {
    long count = untold;
    untold = 0;
    return count;
  }

  /** The output ended: @return how many lines were left out and not told yet, the current second's included */
  long end() {
    long count = untold + leftOut;
    untold = 0;
    leftOut = 0;
    return count;
  }

  int perSecond() {
    return perSecond;
  }
}
