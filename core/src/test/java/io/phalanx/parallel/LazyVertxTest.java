package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.VertxThreads;
import io.phalanx.parallel.services.Bundles;
import io.phalanx.parallel.testing.PoolTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker starts Vert.x only when it needs it: on a task's first {@code scope.vertx()}, or at once when service
 * bundles bind services on its event bus.
 */
class LazyVertxTest extends PoolTestBase {

  @Test
  void workerStartsVertxOnlyWhenATaskAsksForIt() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());

    assertThat(await(parallel.inWorker(new VertxThreads(false)))).isZero();
    assertThat(await(parallel.inWorker(new VertxThreads(true)))).isPositive();
    assertThat(await(parallel.inWorker(new VertxThreads(false)))).isPositive();
  }

  @Test
  void aWorkerWithServiceBundlesStartsVertxAtOnce() {
    deploy(ParallelConfig.singleWorker().setServiceBundles(List.of(Bundles.Test.class.getName())));

    assertThat(await(Parallel.create(vertx).inWorker(new VertxThreads(false)))).isPositive();
  }
}
