package io.phalanx.parallel.examples.db;

import io.phalanx.parallel.ServiceBundle;
import io.phalanx.parallel.ServiceRegistry;
import io.phalanx.parallel.examples.PrimeSieve;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * Declares the services of {@link io.phalanx.parallel.examples.DatabaseExample}: {@link PrimeSieve} as a local
 * service, built in every process, and {@link ResultStore} as a parent service: the supervisor builds a {@link JdbcResultStore} in the parent and
 * binds it to {@link ResultStore#ADDRESS}; the workers get the proxy.
 * <p>
 * A bundle is created with its no-arg constructor (in the parent and in every worker), so it takes its settings from
 * the parent's Vert.x instance: call {@link #configure} before deploying the pool.
 */
public class ResultStoreBundle implements ServiceBundle {

  private static final String SETTINGS = "phalanx.examples.results";
  private static final String JDBC_URL = "jdbcUrl";

  /**
   * Tells the bundle, in the parent, which database to use.
   */
  public static void configure(Vertx vertx, String jdbcUrl) {
    vertx.sharedData().<String, String>getLocalMap(SETTINGS).put(JDBC_URL, jdbcUrl);
  }

  @Override
  public void register(ServiceRegistry registry) {
    // built in every process: each worker counts with its own sieve
    registry.local(PrimeSieve.class, vertx -> new PrimeSieve());
    // the factory runs in the parent only: the workers never open the database
    registry.parent(ResultStore.class, ResultStore.ADDRESS, vertx -> JdbcResultStore.open(vertx, jdbcUrl(vertx)));
  }

  private static String jdbcUrl(Vertx vertx) {
    LocalMap<String, String> settings = vertx.sharedData().getLocalMap(SETTINGS);
    String url = settings.get(JDBC_URL);
    if (url == null) {
      throw new IllegalStateException("no database: call ResultStoreBundle.configure(vertx, jdbcUrl) before "
        + "deploying the pool");
    }
    return url;
  }
}
