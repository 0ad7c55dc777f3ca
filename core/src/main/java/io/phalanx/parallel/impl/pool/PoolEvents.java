package io.phalanx.parallel.impl.pool;

import io.vertx.core.json.JsonObject;

/**
 * Where the pool's lifecycle events go: published on {@code <address>.events} by the supervisor.
 */
@FunctionalInterface
public interface PoolEvents {

  PoolEvents NONE = event -> {
  };

  void publish(JsonObject event);

  /**
   * @return an event of {@code type} about worker {@code workerId} of the pool at {@code address}, stamped now: the
   * fields every event about a worker has
   */
  static JsonObject event(String type, String address, String workerId) {
    return new JsonObject()
      .put("type", type)
      .put("address", address)
      .put("worker", workerId)
      .put("time", System.currentTimeMillis());
  }
}
