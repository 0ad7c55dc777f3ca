package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.Clock;
import io.vertx.core.Handler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A clock for supervision tests: time moves only when the test {@link #advance advances} it, and timers fire then,
 * synchronously on the test thread, in the order they fall due (ties in the order they were set).
 */
final class FakeClock implements Clock {

  /** A timer waiting to fire. */
  record Timer(long id, long due, long delay, Handler<Void> handler) {
  }

  private final List<Timer> pending = new ArrayList<>();
  private long now;
  private long nextId = 1;
  private int fired;

  FakeClock() {
    this(1_000_000);
  }

  FakeClock(long start) {
    this.now = start;
  }

  @Override
  public long millis() {
    return now;
  }

  @Override
  public long setTimer(long delayMillis, Handler<Void> handler) {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("negative timer delay " + delayMillis);
    }
    Timer timer = new Timer(nextId++, now + delayMillis, delayMillis, handler);
    pending.add(timer);
    return timer.id();
  }

  @Override
  public boolean cancelTimer(long id) {
    return pending.removeIf(timer -> timer.id() == id);
  }

  /**
   * Moves time forward by {@code millis}, firing every timer that falls due on the way (including those set by the
   * handlers of fired timers), each at its own due time.
   */
  void advance(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("time does not go back: " + millis);
    }
    long target = now + millis;
    while (true) {
      Optional<Timer> next = pending.stream()
        .filter(timer -> timer.due() <= target)
        .min(Comparator.comparingLong(Timer::due).thenComparingLong(Timer::id));
      if (next.isEmpty()) {
        break;
      }
      Timer timer = next.get();
      pending.remove(timer);
      now = Math.max(now, timer.due());
      fired++;
      timer.handler().handle(null);
    }
    now = target;
  }

  /** Sets the time without firing anything: for tests of time-only logic. */
  void setMillis(long millis) {
    this.now = millis;
  }

  /** The delays the pending timers were set with, in the order they were set. */
  List<Long> pendingDelays() {
    return pending.stream().map(Timer::delay).toList();
  }

  /** How long until each pending timer fires, in the order they were set. */
  List<Long> pendingRemaining() {
    return pending.stream().map(timer -> timer.due() - now).toList();
  }

  List<Timer> pendingTimers() {
    return List.copyOf(pending);
  }

  int pendingCount() {
    return pending.size();
  }

  boolean isPending(long id) {
    return pending.stream().anyMatch(timer -> timer.id() == id);
  }

  int firedCount() {
    return fired;
  }
}
