package io.phalanx.parallel.cluster;

import org.junit.jupiter.api.AfterEach;

/**
 * A test that starts its own {@link TestCluster} per test method: whatever the test started is ended after it, nodes
 * and workers included.
 */
abstract class ClusterTestBase {

  protected TestCluster cluster;

  @AfterEach
  void endCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }
}
