package io.phalanx.parallel.examples.readme;

import io.vertx.core.Vertx;

/**
 * A stand-in for the database example's service implementation, which the README shows only by its use: it opens
 * whatever service interface the snippet declares.
 */
public final class JdbcResultStore {

  private JdbcResultStore() {
  }

  public static <S> S open(Vertx vertx, String jdbcUrl) {
    return null;
  }
}
