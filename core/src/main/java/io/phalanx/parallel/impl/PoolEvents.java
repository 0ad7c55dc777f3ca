package io.phalanx.parallel.impl;

import io.vertx.core.json.JsonObject;

/**
 * Where the pool's lifecycle events go: published on {@code <address>.events} by the supervisor.
 */
@FunctionalInterface
public interface PoolEvents {

  PoolEvents NONE = event -> {
  };

  void publish(JsonObject event);
}
