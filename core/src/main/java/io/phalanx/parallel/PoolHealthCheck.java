package io.phalanx.parallel;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.Objects;

/**
 * A vertx-health-check procedure for one pool, registered under the pool's address.
 * <p>
 * It asks the supervisor ({@code <address>.stats}, so the pool may live on another cluster node) and answers
 * <ul>
 *   <li>OK when every worker is live (idle, processing, or replacing its process on purpose);</li>
 *   <li>KO when a worker is down (starting after a crash, crashed, or given up), the pool drains, or the supervisor
 *   does not answer within the timeout.</li>
 * </ul>
 * The status data holds the address, {@code draining}, and one entry per worker: {@code id}, {@code state},
 * {@code live}, {@code pid}, {@code restarts} and, once it has crashed, {@code lastCrash}. vertx-health-check is an
 * optional dependency of phalanx-parallel: add {@code io.vertx:vertx-health-check} to use this class.
 * <pre>{@code
 * HealthChecks checks = HealthChecks.create(vertx);
 * PoolHealthCheck.register(checks, vertx, ParallelConfig.DEFAULT_ADDRESS);
 * router.get("/health*").handler(HealthCheckHandler.createWithHealthChecks(checks));   // vertx-web, if served
 * }</pre>
 */
public final class PoolHealthCheck {

  /** How long the procedure waits for the supervisor's answer by default, in milliseconds. */
  public static final long DEFAULT_TIMEOUT = 1_000;

  private PoolHealthCheck() {
  }

  /**
   * Registers the procedure of the pool at {@code address} under the name {@code address}.
   *
   * @return {@code checks}
   */
  public static HealthChecks register(HealthChecks checks, Vertx vertx, String address) {
    Objects.requireNonNull(checks, "checks must not be null");
    return checks.register(address, DEFAULT_TIMEOUT, procedure(vertx, address));
  }

  /**
   * The procedure itself, to register under a name of your choice.
   */
  public static Handler<Promise<Status>> procedure(Vertx vertx, String address) {
    Objects.requireNonNull(vertx, "vertx must not be null");
    Objects.requireNonNull(address, "address must not be null");
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(DEFAULT_TIMEOUT);
    return promise -> vertx.eventBus().<JsonObject>request(address + ".stats", null, options).onComplete(ar -> {
      if (ar.failed()) {
        promise.tryComplete(Status.KO(new JsonObject().put("address", address)
          .put("reason", "the supervisor did not answer: " + ar.cause().getMessage())));
      } else {
        promise.tryComplete(status(ar.result().body()));
      }
    });
  }

  /**
   * @param stats the answer of {@code <address>.stats}
   */
  static Status status(JsonObject stats) {
    boolean draining = stats.getBoolean("draining", false);
    boolean allLive = !draining;
    JsonArray workers = new JsonArray();
    for (Object entry : stats.getJsonArray("workers", new JsonArray())) {
      JsonObject worker = (JsonObject) entry;
      boolean live = worker.getBoolean("live", false);
      // a worker an elastic pool retires takes no task on purpose
      boolean retiring = worker.getBoolean("retiring", false);
      allLive &= live || retiring;
      JsonObject summary = new JsonObject()
        .put("id", worker.getString("id"))
        .put("state", worker.getString("state"))
        .put("live", live)
        .put("pid", worker.getValue("pid"))
        .put("restarts", worker.getValue("restarts"));
      if (retiring) {
        summary.put("retiring", true);
      }
      if (worker.containsKey("lastCrash")) {
        summary.put("lastCrash", worker.getString("lastCrash"));
      }
      workers.add(summary);
    }
    JsonObject data = new JsonObject()
      .put("address", stats.getString("address"))
      .put("draining", draining)
      .put("workers", workers);
    return allLive ? Status.OK(data) : Status.KO(data);
  }
}
