package io.phalanx.parallel.examples.readme;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A stand-in for the database example's service implementation, which docs/services.md shows only by its use. */
public final class JdbcResultStore implements ResultStore {

  public JdbcResultStore(Vertx vertx, JsonObject config) {
  }

  @Override
  public Future<Long> save(SegmentResult result) {
    return Future.succeededFuture(0L);
  }
}
