package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.Clock;
import java.util.function.LongSupplier;

/**
 * Watches one worker process for silence: no frame at all on its channel for the heartbeat timeout. Any frame counts
 * as a sign of life (a worker busy answering tasks need not beat), so the watch only compares the channel's frame
 * count from one check to the next: nothing is done per frame. A check every twentieth of the timeout finds the
 * silence at most that late.
 * <p>
 * A check that itself comes late (the parent's event loop stalled: a long collection in the parent, a saturated
 * machine) may find frames still unread in the socket, so it counts as a sign of life instead: a worker is never
 * declared hung for the parent's own pause. Confined to the supervisor's context; time is the {@link Clock}'s.
 */
public final class HeartbeatWatch {

  private final Clock clock;
  private final long timeout;
  private final long period;
  private final LongSupplier framesRead;
  private final Runnable silent;
  private long timer = -1;
  private long lastCount;
  private long lastHeard;
  private long lastCheck;
  private boolean stopped;

  private HeartbeatWatch(Clock clock, long timeout, LongSupplier framesRead, Runnable silent) {
    this.clock = clock;
    this.timeout = timeout;
    this.period = Math.max(1, timeout / 20);
    this.framesRead = framesRead;
    this.silent = silent;
  }

  /**
   * @param timeout    milliseconds of silence after which {@code silent} runs, once; at least 1
   * @param framesRead how many frames the process has sent so far
   */
  static HeartbeatWatch start(Clock clock, long timeout, LongSupplier framesRead, Runnable silent) {
    HeartbeatWatch watch = new HeartbeatWatch(clock, timeout, framesRead, silent);
    long now = clock.millis();
    watch.lastCount = framesRead.getAsLong();
    watch.lastHeard = now;
    watch.lastCheck = now;
    watch.timer = clock.setTimer(watch.period, v -> watch.check());
    return watch;
  }

  void stop() {
    stopped = true;
    clock.cancelTimer(timer);
  }

  private void check() {
    if (stopped) {
      return;
    }
    long now = clock.millis();
    long count = framesRead.getAsLong();
    if (count != lastCount || now - lastCheck > period + timeout / 2) {
      lastCount = count;
      lastHeard = now;
    } else if (now - lastHeard >= timeout) {
      stopped = true;
      silent.run();
      return;
    }
    lastCheck = now;
    timer = clock.setTimer(period, v -> check());
  }
}
