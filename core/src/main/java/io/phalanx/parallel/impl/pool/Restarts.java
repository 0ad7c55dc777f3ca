package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.RestartPolicy;
import io.phalanx.parallel.impl.Clock;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Restarts crashed workers: after the backoff of the {@link RestartPolicy}, unless a worker has crashed more than
 * {@code maxRestarts} times within {@code restartWindow}, in which case it stays down ({@code gave_up}). Each slot
 * keeps its own {@link RestartTracker} and pending restart timer. Confined to the supervisor's context.
 */
final class Restarts {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");

  private final ParallelConfig config;
  private final RestartPolicy policy;
  private final Clock clock;
  private final PoolEvents events;
  private final Supplier<PoolMetricsRecorder> metrics;
  private final BooleanSupplier draining;

  /**
   * @param metrics  the pool's metrics, as they are when a restart happens
   * @param draining whether the pool drains: a restart due then does not happen
   */
  Restarts(ParallelConfig config, RestartPolicy policy, Clock clock, PoolEvents events,
           Supplier<PoolMetricsRecorder> metrics, BooleanSupplier draining) {
    this.config = config;
    this.policy = policy;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.draining = draining;
  }

  /** The worker crashed: it restarts after its backoff, or stays down past the restart limit. */
  void schedule(WorkerHandle worker) {
    RestartTracker tracker = worker.restartTracker();
    long now = clock.millis();
    if (!tracker.mayRestart(now)) {
      String why = worker.describe() + " crashed more than " + config.getMaxRestarts() + " times within "
        + config.getRestartWindow() + " ms: it stays down (ParallelConfig.setMaxRestarts)";
      LOG.log(System.Logger.Level.ERROR, why);
      events.publish(event("gave_up", worker).put("reason", why).put("restarts", tracker.recentRestarts()));
      return;
    }
    long delay = policy.delay(tracker.restart(now));
    worker.countRestart();
    metrics.get().restarted(worker.lastCrashReason());
    LOG.log(System.Logger.Level.INFO, worker.describe() + " restarts in " + delay + " ms");
    events.publish(event("restarting", worker).put("delay", delay).put("restarts", worker.restarts()));
    worker.restartTimer(clock.setTimer(delay, v -> {
      worker.restartTimer(-1);
      if (!draining.getAsBoolean()) {
        worker.start();
      }
    }));
  }

  /** Cancels the worker's pending restart, if any. */
  void cancel(WorkerHandle worker) {
    if (worker.restartTimer() >= 0) {
      clock.cancelTimer(worker.restartTimer());
      worker.restartTimer(-1);
    }
  }

  private io.vertx.core.json.JsonObject event(String type, WorkerHandle worker) {
    return PoolEvents.event(type, config.getAddress(), worker.id());
  }
}
