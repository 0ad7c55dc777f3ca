package io.phalanx.parallel.cluster;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.cluster.tasks.NodeServices;
import io.phalanx.parallel.task.TaskAllowlist;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A cluster on loopback for one test class: the test JVM is a client node without workers, each worker node is a
 * JVM of its own, whose pool is named after the node. {@link #close()} ends every node and waits until each node and
 * each of its workers has exited. Only public API: {@link Parallel#ready()} and {@link Parallel#routing()}.
 */
final class TestCluster implements AutoCloseable {

  static final String ADDRESS = "test.cluster.pool";

  final String name = "phalanx-test-" + UUID.randomUUID();
  final int basePort;
  final String keyStore;
  final String password;
  final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  final Map<String, List<Long>> workers = new LinkedHashMap<>();
  Vertx client;

  TestCluster(String keyStore, String password) throws IOException {
    this.basePort = freePortRange();
    this.keyStore = keyStore;
    this.password = password;
  }

  /** The pools of the tests: allowlist of the test tasks' package, short announcements, the node-name service. */
  static ParallelConfig pool(int agents) {
    return new ParallelConfig()
      .setAddress(ADDRESS)
      .setAgents(agents)
      .setAnnounceInterval(250)
      .setNodeLossTimeout(1_500)
      .setTaskAllowlist(TaskAllowlist.PACKAGES)
      .setAllowedTaskPackages(List.of("io.phalanx.parallel.cluster.tasks"))
      .setServiceBundles(List.of(NodeServices.class.getName()))
      .setJvmOptions(List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
  }

  /** Starts the nodes at once, then the client; returns when every node's pool is up and the client knows them. */
  TestCluster start(Map<String, ParallelConfig> pools) throws Exception {
    startNodes(pools);
    parallel().ready().await(30, TimeUnit.SECONDS);
    awaitRouting(table -> table.getJsonArray("nodes").size() == nodes.size()).await(30, TimeUnit.SECONDS);
    return this;
  }

  /**
   * Starts the nodes at once, then the client, and returns when every node's pool is up: the client has created no
   * {@link Parallel} yet, so it knows no node.
   */
  TestCluster startNodes(Map<String, ParallelConfig> pools) throws Exception {
    try {
      startAll(pools);
    } catch (Throwable t) {
      try {
        close();
      } catch (Throwable more) {
        t.addSuppressed(more);
      }
      throw t;
    }
    return this;
  }

  private void startAll(Map<String, ParallelConfig> pools) throws Exception {
    for (Map.Entry<String, ParallelConfig> pool : pools.entrySet()) {
      nodes.put(pool.getKey(), NodeProcess.start(name, basePort, pool.getKey(), keyStore, password,
        pool.getValue().toJson().encode()));
    }
    client = ClusterSupport.start(name, basePort, keyStore, password).await(60, TimeUnit.SECONDS);
    for (NodeProcess node : nodes.values()) {
      workers.put(node.name(), node.awaitReady(Duration.ofSeconds(120)));
    }
  }

  /**
   * @return the node id (in the client's routing table) of the node with this name
   */
  String nodeId(String nodeName) {
    for (Object entry : routing().getJsonArray("nodes")) {
      if (nodeName.equals(((JsonObject) entry).getString("name"))) {
        return ((JsonObject) entry).getString("node");
      }
    }
    throw new AssertionError("no node named " + nodeName + " in " + routing());
  }

  Parallel parallel() {
    return Parallel.create(client, ADDRESS);
  }

  /** The client's routing table ({@link Parallel#routing()}). */
  JsonObject routing() {
    return parallel().routing();
  }

  /**
   * Completes once the client's routing table meets the condition: checked now and at each capacity announcement
   * (the table changes with the announcements; this listener may hear one just before the router does, and the next
   * one a few hundred milliseconds later).
   */
  Future<Void> awaitRouting(Predicate<JsonObject> condition) {
    Promise<Void> met = Promise.promise();
    MessageConsumer<JsonObject> announcements = client.eventBus().consumer(ADDRESS + ".capacity", message -> {
      if (condition.test(routing())) {
        met.tryComplete();
      }
    });
    announcements.completion().onSuccess(v -> {
      if (condition.test(routing())) {
        met.tryComplete();
      }
    });
    return met.future().eventually(announcements::unregister);
  }

  @Override
  public void close() throws Exception {
    List<Throwable> problems = new ArrayList<>();
    for (NodeProcess node : nodes.values()) {
      try {
        node.stop(Duration.ofSeconds(30));
      } catch (Throwable t) {
        problems.add(t);
      }
    }
    if (client != null) {
      client.close().await(30, TimeUnit.SECONDS);
    }
    if (!problems.isEmpty()) {
      AssertionError error = new AssertionError("the cluster did not end cleanly: " + problems);
      problems.forEach(error::addSuppressed);
      throw error;
    }
  }

  /** Where the system's ephemeral ports begin when {@code /proc} does not say (Linux's default). */
  private static final int EPHEMERAL_FROM = 32_768;
  private static final int LOWEST_BASE = 10_000;

  /**
   * A base port with the next {@link ClusterSupport#PORTS} ports most likely free: the cluster's own range. It lies
   * below the system's ephemeral ports, which go to every outgoing connection and to the event buses' servers (port
   * 0): inside them, a port of the range that the members' join probes may be taken, while they start, by a socket that
   * is no member. The one run in which every node waited on its Hazelcast join for over a minute had its range there.
   */
  private static int freePortRange() throws IOException {
    int below = ephemeralFrom() - ClusterSupport.PORTS;
    for (int attempt = 0; attempt < 20; attempt++) {
      int base = LOWEST_BASE + (int) (Math.random() * (below - LOWEST_BASE));
      boolean free = true;
      for (int port = base; port < base + ClusterSupport.PORTS && free; port++) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no free range of " + ClusterSupport.PORTS + " ports found");
  }

  /** @return the first ephemeral port: the low end of {@code /proc/sys/net/ipv4/ip_local_port_range} */
  private static int ephemeralFrom() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int from = Integer.parseInt(range.split("\\s+")[0]);
      return from > LOWEST_BASE + 100 ? from : EPHEMERAL_FROM;
    } catch (IOException | RuntimeException e) {
      return EPHEMERAL_FROM;
    }
  }
}
