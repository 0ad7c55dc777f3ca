package io.phalanx.parallel.impl.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.backends.BackendRegistries;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pool's meters in the registry vertx-micrometer-metrics uses. Touches Micrometer: loaded only through
 * {@link PoolMeters#of}. Counters by cause or code are created on first use, so a scrape lists only what happened.
 * Removed from the registry when the pool stops, so a pool deployed again on the same address starts from zero.
 */
final class MicrometerPoolMeters implements PoolMeters {

  static final String RESTARTS = "phalanx.pool.restarts";
  static final String REJECTIONS = "phalanx.pool.rejections";
  static final String FAILURES = "phalanx.task.failures";
  static final String RUN = "phalanx.task.run";
  static final String WAIT = "phalanx.task.wait";
  static final String RETRIES = "phalanx.task.retries";
  static final String POISONED = "phalanx.task.poisoned";
  /** The interface of vertx-micrometer-metrics' metrics, in a package its module does not export. */
  private static final String MICROMETER_METRICS = "io.vertx.micrometer.impl.MicrometerMetrics";

  private final MeterRegistry registry;
  private final String pool;
  private final Timer run;
  private final Timer wait;
  private Counter retries;
  private Counter poisoned;
  private final Map<String, Counter> restarts = new HashMap<>();
  private final Map<Integer, Counter> rejections = new HashMap<>();
  private final Map<Integer, Counter> failures = new HashMap<>();
  private final List<Meter> registered = new ArrayList<>();

  private MicrometerPoolMeters(MeterRegistry registry, String pool) {
    this.registry = registry;
    this.pool = pool;
    this.run = keep(Timer.builder(RUN).description("Time a task ran in its worker, from the task frame to the response")
      .tag("pool", pool).register(registry));
    this.wait = keep(Timer.builder(WAIT).description("Time a task waited in a worker's mailbox")
      .tag("pool", pool).register(registry));
  }

  static PoolMeters create(VertxMetrics metrics, String pool) {
    // the registry the Vert.x meters go to (a named or user-supplied one included), else the default one
    MeterRegistry registry = registryOf(metrics);
    if (registry == null) {
      registry = BackendRegistries.getDefaultNow();
    }
    return registry == null ? PoolMeters.NONE : new MicrometerPoolMeters(registry, pool);
  }

  /**
   * The registry of vertx-micrometer-metrics' {@code MicrometerMetrics}, read through its public {@code registry()}:
   * its package is not exported, so a named module cannot name the class. {@code null} for other metrics, or when the
   * method cannot be called (this module on the module path, vertx-micrometer-metrics as a module).
   */
  private static MeterRegistry registryOf(VertxMetrics metrics) {
    try {
      Class<?> micrometer = Class.forName(MICROMETER_METRICS, false, metrics.getClass().getClassLoader());
      if (!micrometer.isInstance(metrics)) {
        return null;
      }
      // called through the public interface: the class that implements it need not be public
      Method registry = micrometer.getMethod("registry");
      return (MeterRegistry) registry.invoke(metrics);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private <M extends Meter> M keep(M meter) {
    registered.add(meter);
    return meter;
  }

  @Override
  public void waited(long nanos) {
    wait.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void ran(long nanos) {
    run.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void rejected(int code) {
    rejections.computeIfAbsent(code, c -> keep(Counter.builder(REJECTIONS)
      .description("Requests refused before reaching a mailbox, by failure code")
      .tag("pool", pool).tag("code", String.valueOf(c)).register(registry))).increment();
  }

  @Override
  public void failed(int code) {
    failures.computeIfAbsent(code, c -> keep(Counter.builder(FAILURES)
      .description("Accepted tasks that failed, by failure code")
      .tag("pool", pool).tag("code", String.valueOf(c)).register(registry))).increment();
  }

  @Override
  public void restarted(String cause) {
    restarts.computeIfAbsent(cause, c -> keep(Counter.builder(RESTARTS)
      .description("Worker processes restarted or replaced, by cause")
      .tag("pool", pool).tag("cause", c).register(registry))).increment();
  }

  @Override
  public void retried() {
    if (retries == null) {
      retries = keep(Counter.builder(RETRIES).description("Tasks tried again after their worker died under them")
        .tag("pool", pool).register(registry));
    }
    retries.increment();
  }

  @Override
  public void poisoned() {
    if (poisoned == null) {
      poisoned = keep(Counter.builder(POISONED)
        .description("Tasks failed as poison: running on too many workers that died")
        .tag("pool", pool).register(registry));
    }
    poisoned.increment();
  }

  @Override
  public void close() {
    registered.forEach(registry::remove);
    registered.clear();
  }
}
