package io.phalanx.parallel.examples.cluster;

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

import java.util.List;

/**
 * How a JVM of the demo joins the cluster: Hazelcast with TCP-IP join (multicast and auto-detection off) on the
 * given host, port and members, and the Vert.x event bus on the same host, with TLS when a key store is given.
 *
 * @param clusterName only members with the same name join each other
 * @param host        the address this JVM binds and announces, for Hazelcast and for the event bus: an address the
 *                    other machines can reach (127.0.0.1 on one machine)
 * @param port        Hazelcast's first port (the next free one of 10 is taken); the event bus takes {@code busPort}
 * @param busPort     the event bus port, 0 for any free one (open it in the firewall when not 0)
 * @param members     {@code host} or {@code host:port} of some members to join through
 * @param keyStore    a JKS key store with this node's key and the certificates it trusts, or {@code null}
 * @param password    the key store's password
 */
public record ClusterSettings(String clusterName, String host, int port, int busPort, List<String> members,
                              String keyStore, String password) {

  public Config hazelcast() {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // a machine that dies leaves the membership after 10 s without heartbeat (Hazelcast's default is 60 s)
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(true).setPortCount(10);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    members.forEach(member -> join.getTcpIpConfig().addMember(member));
    return config;
  }

  public EventBusOptions eventBus() {
    EventBusOptions options = new EventBusOptions().setHost(host).setPort(busPort);
    if (keyStore != null) {
      JksOptions store = new JksOptions().setPath(keyStore).setPassword(password);
      options.setSsl(true).setKeyCertOptions(store).setTrustOptions(store).setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }

  public Future<Vertx> join() {
    return Vertx.builder()
      .with(new VertxOptions().setEventBusOptions(eventBus()))
      .withClusterManager(new HazelcastClusterManager(hazelcast()))
      .buildClustered();
  }
}
