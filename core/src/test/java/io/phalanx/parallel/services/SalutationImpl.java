package io.phalanx.parallel.services;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Built in the parent with the registration's settings: {@code greeting} (default "hello"). */
public class SalutationImpl implements Salutation {

  private final String greeting;

  public SalutationImpl(Vertx vertx, JsonObject config) {
    if (config.containsKey("fail")) {
      throw new IllegalStateException(config.getString("fail"));
    }
    this.greeting = config.getString("greeting", "hello");
  }

  @Override
  public Future<String> salute(String name) {
    return Future.succeededFuture(greeting + " " + name);
  }

  @Override
  public Future<String> where() {
    return Future.succeededFuture(ProcessHandle.current().pid() + " " + Thread.currentThread().getName());
  }
}
