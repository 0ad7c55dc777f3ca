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
      return Stats.percentile(latenessNanos, p) / 1e6;
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
  private final long[] lateness;
  private final Promise<Result> done = Promise.promise();
  private int count;
  private long dueNanos;

  private EventLoopLatency(Context context, long periodMillis, long durationMillis) {
    this.context = context;
    this.periodMillis = periodMillis;
    this.lateness = new long[(int) Math.max(1, durationMillis / periodMillis)];
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
    EventLoopLatency probe = new EventLoopLatency(context, periodMillis, durationMillis);
    context.runOnContext(v -> probe.next());
    return probe.done.future();
  }

  private void next() {
    dueNanos = System.nanoTime() + periodMillis * 1_000_000;
    context.owner().setTimer(periodMillis, id -> fired());
  }

  private void fired() {
    lateness[count++] = Math.max(0, System.nanoTime() - dueNanos);
    if (count == lateness.length) {
      done.complete(new Result(lateness.clone()));
    } else {
      next();
    }
  }
}
