package io.phalanx.parallel.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * A clustered Vert.x on loopback, the same in the test JVM and in every node JVM: Hazelcast with TCP-IP join on
 * 127.0.0.1 (multicast and auto-detection off), its own cluster name and port range so that no other cluster on the
 * machine can join, short heartbeats, and the event bus on 127.0.0.1, optionally with TLS.
 */
final class ClusterSupport {

  /** Ports a cluster may use from its base port on: one per member. */
  static final int PORTS = 10;

  private ClusterSupport() {
  }

  static Config hazelcast(String clusterName, int basePort) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // a member killed with SIGKILL leaves the membership after at most 5 s of silence (the default is 60 s)
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(basePort).setPortAutoIncrement(true).setPortCount(PORTS);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (int port = basePort; port < basePort + PORTS; port++) {
      join.getTcpIpConfig().addMember("127.0.0.1:" + port);
    }
    return config;
  }

  /**
   * @param keyStore a JKS key store holding the node's key and the certificate every node trusts, or {@code null}
   *                 for a plain event bus
   */
  static Future<Vertx> start(String clusterName, int basePort, String keyStore, String password) {
    EventBusOptions eventBus = new EventBusOptions().setHost("127.0.0.1").setPort(0);
    if (keyStore != null) {
      JksOptions store = new JksOptions().setPath(keyStore).setPassword(password);
      eventBus.setSsl(true).setKeyCertOptions(store).setTrustOptions(store).setClientAuth(ClientAuth.REQUIRED);
    }
    return Vertx.builder()
      .with(new VertxOptions().setEventBusOptions(eventBus))
      .withClusterManager(new HazelcastClusterManager(hazelcast(clusterName, basePort)))
      .buildClustered();
  }
}
