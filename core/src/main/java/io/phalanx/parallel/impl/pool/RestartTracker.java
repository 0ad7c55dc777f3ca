package io.phalanx.parallel.impl.pool;

import java.util.ArrayDeque;

/**
 * The restart history of one worker slot: the intensity window (how many restarts lately) and the run of
 * consecutive restarts that drives the backoff, which starts over once the worker has stayed up long enough.
 */
final class RestartTracker {

  private final int maxRestarts;
  private final long window;
  private final long resetAfter;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();
  private int consecutive;
  private long upSince = -1;

  RestartTracker(int maxRestarts, long window, long resetAfter) {
    this.maxRestarts = maxRestarts;
    this.window = window;
    this.resetAfter = resetAfter;
  }

  /** The worker sent {@code ready} at {@code now}. */
  void up(long now) {
    upSince = now;
  }

  /**
   * The worker crashed at {@code now}.
   *
   * @return whether it may restart: {@code false} once it would exceed the restart limit within the window
   */
  boolean mayRestart(long now) {
    if (upSince >= 0 && now - upSince >= resetAfter) {
      consecutive = 0;
    }
    upSince = -1;
    while (!recent.isEmpty() && now - recent.peekFirst() >= window) {
      recent.removeFirst();
    }
    return recent.size() < maxRestarts;
  }

  /**
   * Records a restart decided at {@code now}.
   *
   * @return how many restarts in a row came before it, for the backoff
   */
  int restart(long now) {
    recent.addLast(now);
    return consecutive++;
  }

  int recentRestarts() {
    return recent.size();
  }
}
