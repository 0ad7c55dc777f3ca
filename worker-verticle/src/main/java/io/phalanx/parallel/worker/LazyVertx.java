package io.phalanx.parallel.worker;

import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * The worker's Vert.x, started on first use. Starting Vert.x costs a fresh JVM a few hundred milliseconds; a worker
 * whose tasks never call {@code TaskScope.vertx()} (and that binds no services) never pays it. Thread-safe: however
 * many threads ask at once, one instance is started.
 */
final class LazyVertx implements Supplier<Vertx> {

  private final Supplier<Vertx> factory;
  private volatile Vertx vertx;

  LazyVertx(Supplier<Vertx> factory) {
    this.factory = factory;
  }

  @Override
  public Vertx get() {
    Vertx started = vertx;
    if (started == null) {
      synchronized (this) {
        started = vertx;
        if (started == null) {
          started = factory.get();
          vertx = started;
        }
      }
    }
    return started;
  }

  /**
   * @return whether Vert.x has been started
   */
  boolean isStarted() {
    return vertx != null;
  }
}
