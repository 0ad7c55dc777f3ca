package io.phalanx.parallel.impl;

import io.vertx.core.Handler;

/**
 * Time as the supervisor sees it: the current time and one-shot timers. Supervision is unit-tested on a fake clock
 * without sleeping; the real one is {@link VertxClock}. Timer handlers run on the supervisor's context.
 */
public interface Clock {

  /**
   * @return a monotonic time in milliseconds
   */
  long millis();

  /**
   * @return a monotonic time in nanoseconds, for measuring short intervals
   */
  default long nanos() {
    return millis() * 1_000_000;
  }

  /**
   * @return a timer id for {@link #cancelTimer}
   */
  long setTimer(long delayMillis, Handler<Void> handler);

  /**
   * @return whether the timer was pending and is now cancelled
   */
  boolean cancelTimer(long id);
}
