package io.phalanx.parallel.examples.db;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;

/**
 * Where the workers of {@link io.phalanx.parallel.examples.DatabaseExample} store their results. The implementation
 * ({@link JdbcResultStore}) lives in the parent only, next to the database; a task in a worker JVM gets the generated
 * proxy from {@code scope.service(ResultStore.class)}.
 */
@ProxyGen
@VertxGen
public interface ResultStore {

  /** The event-bus address the supervisor binds the service to. */
  String ADDRESS = "phalanx.examples.results";

  /**
   * Stores one result.
   *
   * @return the id the database gave the row
   */
  Future<Long> save(SegmentResult result);

  /**
   * @return how many rows are stored
   */
  Future<Long> count();

  /**
   * @return the sum of the primes of all rows
   */
  Future<Long> totalPrimes();
}
