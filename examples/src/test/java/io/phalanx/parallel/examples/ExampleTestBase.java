package io.phalanx.parallel.examples;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An example run against real worker JVMs: each test gets its own Vert.x, closed after the test (which undeploys every
 * pool), and no worker process of this JVM may be left alive then.
 */
public abstract class ExampleTestBase {

  protected Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertxAndCheckNoWorkerSurvives() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
    WorkerProcesses.assertNoWorkerAlive(Duration.ofSeconds(10));
  }
}
