package io.phalanx.parallel.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * The real clock: {@link System#nanoTime()} and Vert.x timers, whose handlers run on the context that set them.
 */
public final class VertxClock implements Clock {

  private final Vertx vertx;

  public VertxClock(Context context) {
    this.vertx = context.owner();
  }

  @Override
  public long millis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public long setTimer(long delayMillis, Handler<Void> handler) {
    return vertx.setTimer(Math.max(1, delayMillis), id -> handler.handle(null));
  }

  @Override
  public boolean cancelTimer(long id) {
    return vertx.cancelTimer(id);
  }
}
