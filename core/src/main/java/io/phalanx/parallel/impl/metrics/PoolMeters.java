package io.phalanx.parallel.impl.metrics;

import io.vertx.core.spi.metrics.VertxMetrics;

/**
 * The pool's own meters, beyond the Vert.x pool metrics: restarts by cause, task run and wait times, rejections and
 * failures by failure code. Micrometer stays optional: {@link MicrometerPoolMeters} is only loaded when Vert.x runs
 * with metrics and Micrometer is on the class path.
 */
public interface PoolMeters {

  PoolMeters NONE = new PoolMeters() {
  };

  default void waited(long nanos) {
  }

  default void ran(long nanos) {
  }

  default void rejected(int code) {
  }

  default void failed(int code) {
  }

  default void restarted(String cause) {
  }

  /** A task whose worker died under it is tried again. */
  default void retried() {
  }

  /** A task failed as poison ({@code PoisonTaskException}). */
  default void poisoned() {
  }

  default void close() {
  }

  /**
   * @param metrics the Vert.x metrics SPI, {@code null} when metrics are off
   */
  static PoolMeters of(VertxMetrics metrics, String address) {
    if (metrics == null || !micrometerPresent()) {
      return NONE;
    }
    return MicrometerPoolMeters.create(metrics, address);
  }

  private static boolean micrometerPresent() {
    try {
      ClassLoader loader = PoolMeters.class.getClassLoader();
      Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader);
      Class.forName("io.vertx.micrometer.backends.BackendRegistries", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
