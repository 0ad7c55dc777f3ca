package io.phalanx.parallel.examples.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How late an event loop runs what it is given: a 1 ms periodic timer on an event-loop context of its own, each firing
 * recording how long after its due time it ran. What an application's own request handlers would wait, on the same
 * Vert.x, while the pool or {@code executeBlocking} works.
 */
final class EventLoopLateness implements AutoCloseable {

  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Vertx vertx;
  private final Context context;
  private long[] samples = new long[16_384];
  private int count;
  private long timer = -1;
  private long due;

  EventLoopLateness(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
  }

  /** Starts the timer; the samples before {@link #close()} count. */
  EventLoopLateness start() throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    context.runOnContext(v -> {
      due = System.nanoTime() + PERIOD_NANOS;
      timer = vertx.setPeriodic(1, id -> fired());
      started.complete(null);
    });
    started.get(10, TimeUnit.SECONDS);
    return this;
  }

  private void fired() {
    long now = System.nanoTime();
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, samples.length * 2);
    }
    samples[count++] = Math.max(0, now - due);
    // the next firing is due a period after this one was due, or after now if it ran more than a period late
    due = Math.max(due + PERIOD_NANOS, now);
  }

  /** The p-th percentile of the lateness, in milliseconds. */
  double percentileMs(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    return Stats.percentile(sorted, p) / 1e6;
  }

  @Override
  public void close() throws Exception {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      stopped.complete(null);
    });
    stopped.get(10, TimeUnit.SECONDS);
  }
}
