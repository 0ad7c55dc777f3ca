package io.phalanx.parallel.examples.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Arrays;

/**
 * How responsive an event loop is: a timer of {@code period} ms is set again and again on the loop's context, and
 * each time it fires, how late it is (the time past its due time) is recorded. An idle loop on an idle machine fires
 * its timers a few tens of microseconds late; a loop that waits for a core, or that runs something else, later.
 * <p>
 * Reusable by any benchmark: {@code EventLoopLatency.measure(context, 1, 10_000).onSuccess(r -> r.p99Millis())}.
 * One-shot timers set again from each firing, rather than a periodic timer, so that one late firing is counted once
 * and never makes the next ones look early.
 */
public final class EventLoopLatency {

  /** The lateness of every firing of one measurement. */
  public record Result(long[] latenessNanos) {

    public int samples() {
      return latenessNanos.length;
    }

    /** @param p in (0, 100] */
    public double percentileMillis(double p) {
      return latenessNanos.length == 0 ? Double.NaN : Stats.percentile(latenessNanos, p) / 1e6;
    }

    public double p50Millis() {
      return percentileMillis(50);
    }

    public double p99Millis() {
      return percentileMillis(99);
    }

    public double maxMillis() {
      return Arrays.stream(latenessNanos).max().orElse(0) / 1e6;
    }
  }

  private final Context context;
  private final long periodMillis;
  /** How many firings to measure; {@link Integer#MAX_VALUE} until {@link #stop()}. */
  private final int limit;
  private long[] lateness;
  private final Promise<Result> done = Promise.promise();
  private int count;
  private long dueNanos;
  private long timer = -1;

  private EventLoopLatency(Context context, long periodMillis, int limit) {
    this.context = context;
    this.periodMillis = periodMillis;
    this.limit = limit;
    this.lateness = new long[Math.min(limit, 16_384)];
  }

  /**
   * Measures {@code durationMillis / periodMillis} firings: about {@code durationMillis}, longer when they are late.
   *
   * @param context      an event-loop context: the loop measured
   * @param periodMillis the timer's delay, at least 1
   * @return the lateness of each firing
   */
  public static Future<Result> measure(Context context, long periodMillis, long durationMillis) {
    if (periodMillis < 1 || durationMillis < periodMillis) {
      throw new IllegalArgumentException("period must be at least 1 ms and at most the duration, was " + periodMillis
        + " ms for " + durationMillis + " ms");
    }
    int firings = (int) Math.max(1, durationMillis / periodMillis);
    EventLoopLatency probe = new EventLoopLatency(context, periodMillis, firings);
    context.runOnContext(v -> probe.next());
    return probe.done.future();
  }

  /**
   * Starts a probe that runs until {@link #stop()}: for work whose length is not known ahead. It runs a periodic timer
   * (each firing due a period after the one before was due, or after it ran if that was more than a period late), where
   * {@link #measure} chains one-shot timers: the figures of the two modes are not comparable.
   *
   * @param context      an event-loop context: the loop measured
   * @param periodMillis the timer's delay, at least 1
   */
  public static EventLoopLatency start(Context context, long periodMillis) {
    if (periodMillis < 1) {
      throw new IllegalArgumentException("period must be at least 1 ms, was " + periodMillis + " ms");
    }
    EventLoopLatency probe = new EventLoopLatency(context, periodMillis, Integer.MAX_VALUE);
    context.runOnContext(v -> {
      probe.dueNanos = System.nanoTime() + periodMillis * 1_000_000;
      probe.timer = context.owner().setPeriodic(periodMillis, id -> probe.firedPeriodic());
    });
    return probe;
  }

  /** @return the lateness of each firing since {@link #start} */
  public Future<Result> stop() {
    context.runOnContext(v -> {
      context.owner().cancelTimer(timer);
      done.tryComplete(new Result(Arrays.copyOf(lateness, count)));
    });
    return done.future();
  }

  private void next() {
    dueNanos = System.nanoTime() + periodMillis * 1_000_000;
    timer = context.owner().setTimer(periodMillis, id -> fired());
  }

  private void firedPeriodic() {
    long now = System.nanoTime();
    record(now);
    dueNanos = Math.max(dueNanos + periodMillis * 1_000_000, now);
  }

  private void record(long now) {
    if (count == lateness.length) {
      lateness = Arrays.copyOf(lateness, lateness.length * 2);
    }
    lateness[count++] = Math.max(0, now - dueNanos);
  }

  private void fired() {
    if (done.future().isComplete()) {
      return;
    }
    record(System.nanoTime());
    if (count == limit) {
      done.complete(new Result(Arrays.copyOf(lateness, count)));
    } else {
      next();
    }
  }
}
