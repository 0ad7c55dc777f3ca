package io.phalanx.parallel.examples.cluster;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.examples.Plural;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.LongStream;

/**
 * One pool address across several JVMs on a clustered Vert.x (Hazelcast).
 * <ul>
 *   <li>{@code demo} (the default): starts two worker nodes as JVMs of their own on loopback ({@code node-a} with 1
 *   worker, {@code node-b} with 2), joins them as a client node without workers, runs a batch of tasks, prints which
 *   node and worker ran what, and ends the nodes: three JVMs, one command.</li>
 *   <li>{@code node}: a node that deploys a supervisor and serves until it is stopped (Ctrl-C / SIGTERM).</li>
 *   <li>{@code client}: a node without workers that runs a batch of tasks on the cluster and exits.</li>
 * </ul>
 * {@code --help} lists the options; {@code docs/cluster.md} shows a run across machines.
 */
public final class ClusterDemo {

  /** The system property that tells a node's JVM and its workers the node's name. */
  public static final String NODE_PROPERTY = "phalanx.demo.node";
  public static final String ADDRESS = "phalanx.demo";

  static final String USAGE = String.join("\n",
    "usage: run-cluster-demo.sh [demo|node|client] [options]",
    "",
    "  demo (default)   two worker nodes and a client on this machine, on loopback",
    "  node             a worker node: serves the pool address until stopped (Ctrl-C)",
    "  client           a node without workers: runs the tasks on the cluster and exits",
    "",
    "  --name NAME          node name (node; default: node-<random>)",
    "  --workers N          worker JVMs of this node (node; default 2)",
    "  --tasks N            tasks to run (demo, client; default 60)",
    "  --cluster NAME       cluster name (default phalanx-demo; demo: a random one)",
    "  --host ADDRESS       address to bind and announce, reachable by the other machines (default 127.0.0.1)",
    "  --port N             first Hazelcast port (default 5701; demo: a free range)",
    "  --bus-port N         event bus port (default 0: any free port)",
    "  --members A,B:5701   members to join through (default: the host, ports port..port+9)",
    "  --keystore FILE      JKS key store: the event bus runs with TLS (every node needs one it trusts)",
    "  --password SECRET    the key store's password",
    "  --help               this text");

  /** Held here: java.util.logging keeps loggers only weakly, and a collected logger forgets its level. */
  private static final Logger LIBRARY_LOG = Logger.getLogger("io.phalanx.parallel");
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private ClusterDemo() {
  }

  public static void main(String[] args) throws Exception {
    LIBRARY_LOG.setLevel(Level.WARNING);
    // Hazelcast warns about JDK modules it cannot open and logs every membership change: not what the demo shows
    HAZELCAST_LOG.setLevel(Level.SEVERE);
    Map<String, String> options = new LinkedHashMap<>();
    String mode = "demo";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help")) {
        System.out.println(USAGE);
        return;
      }
      if (!arg.startsWith("--")) {
        mode = arg;
      } else if (i + 1 < args.length) {
        options.put(arg.substring(2), args[++i]);
      } else {
        fail("option " + arg + " needs a value");
      }
    }
    try {
      switch (mode) {
        case "demo" -> demo(options);
        case "node" -> node(options);
        case "client" -> client(options, System.out);
        default -> fail("unknown mode '" + mode + "'");
      }
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }
  }

  private static void fail(String message) {
    System.err.println("cluster demo: " + message + "\n\n" + USAGE);
    System.exit(2);
  }

  static ClusterSettings settings(Map<String, String> options) {
    String host = options.getOrDefault("host", "127.0.0.1");
    int port = Integer.parseInt(options.getOrDefault("port", "5701"));
    List<String> members = new ArrayList<>();
    if (options.containsKey("members")) {
      members.addAll(List.of(options.get("members").split(",")));
    } else {
      for (int p = port; p < port + 10; p++) {
        members.add(host + ":" + p);
      }
    }
    return new ClusterSettings(options.getOrDefault("cluster", "phalanx-demo"), host, port,
      Integer.parseInt(options.getOrDefault("bus-port", "0")), members, options.get("keystore"),
      options.get("password"));
  }

  // ------------------------------------------------------------------------------------------------ node

  private static void node(Map<String, String> options) throws Exception {
    String name = options.getOrDefault("name", "node-" + UUID.randomUUID().toString().substring(0, 8));
    int workers = Integer.parseInt(options.getOrDefault("workers", "2"));
    System.setProperty(NODE_PROPERTY, name);
    Vertx vertx = settings(options).join().await(120, TimeUnit.SECONDS);
    // the workers drain and exit with the node, on Ctrl-C / SIGTERM as on the end of stdin
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // exiting anyway: the workers exit once their stdin closes
      }
    }));
    vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults()
      .setAddress(ADDRESS)
      .setAgents(workers)
      .addJvmOption("-D" + NODE_PROPERTY + "=" + name))).await(120, TimeUnit.SECONDS);
    System.out.println("READY " + name + " with " + Plural.of(workers, "worker"));
    System.out.flush();
    if (Boolean.parseBoolean(options.getOrDefault("until-stdin-closes", "false"))) {
      while (System.in.read() >= 0) {
        // only the end of the stream matters: the demo that started this node is done with it
      }
      System.exit(0);
    }
  }

  // ------------------------------------------------------------------------------------------------ client

  static Map<String, List<WhichNode.Answer>> client(Map<String, String> options, PrintStream out) throws Exception {
    int tasks = Integer.parseInt(options.getOrDefault("tasks", "60"));
    Vertx vertx = settings(options).join().await(120, TimeUnit.SECONDS);
    try {
      Parallel parallel = Parallel.create(vertx, ADDRESS);
      int nodes = Integer.parseInt(options.getOrDefault("expect-nodes", "1"));
      out.println("waiting for the capacity announcements of " + Plural.of(nodes, "node") + " on " + ADDRESS
        + ".capacity");
      awaitAnnouncements(vertx, nodes);

      long started = System.nanoTime();
      long span = 40_000;
      List<WhichNode.Answer> answers = parallel.map(LongStream.range(0, tasks).boxed().toList(),
        i -> new WhichNode(i * span, (i + 1) * span), tasks).await(300, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - started) / 1_000_000;

      Map<String, List<WhichNode.Answer>> byNode = new TreeMap<>();
      answers.forEach(answer -> byNode.computeIfAbsent(answer.node(), n -> new ArrayList<>()).add(answer));
      out.printf("%s in %d ms; which node ran what:%n", Plural.of(tasks, "task"), millis);
      byNode.forEach((node, list) -> {
        Map<String, Integer> byWorker = new TreeMap<>();
        list.forEach(answer -> byWorker.merge(answer.worker() + " (pid " + answer.pid() + ")", 1, Integer::sum));
        out.printf("  %-8s %3d tasks  %s%n", node, list.size(), byWorker);
      });
      out.printf("primes below %d: %d%n", tasks * span, answers.stream().mapToLong(WhichNode.Answer::primes).sum());
      return byNode;
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
  }

  /** Waits until this many nodes announced their capacity: the client then routes by it from the first task. */
  private static void awaitAnnouncements(Vertx vertx, int nodes) throws Exception {
    Set<String> seen = new HashSet<>();
    Promise<Void> all = Promise.promise();
    // left registered: announcements keep coming, and a consumer that is going away logs each one it drops
    vertx.eventBus().<JsonObject>consumer(ADDRESS + ".capacity", message -> {
      if (message.body().getString("node") != null && !message.body().getBoolean("leaving", false)) {
        seen.add(message.body().getString("node"));
      }
      if (seen.size() >= nodes) {
        all.tryComplete();
      }
    });
    all.future().await(120, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------------------------------------ demo

  private static void demo(Map<String, String> options) throws Exception {
    Map<String, String> shared = new LinkedHashMap<>(options);
    shared.putIfAbsent("cluster", "phalanx-demo-" + UUID.randomUUID().toString().substring(0, 8));
    if (!shared.containsKey("port")) {
      shared.put("port", Integer.toString(freePortRange()));
    }
    Path logs = Files.createTempDirectory("phalanx-cluster-demo-");
    System.out.println("cluster " + shared.get("cluster") + " on 127.0.0.1, Hazelcast ports from "
      + shared.get("port") + (shared.containsKey("keystore") ? ", event bus with TLS" : "")
      + "; node logs in " + logs);
    List<Process> nodes = new ArrayList<>();
    try {
      nodes.add(startNode(shared, "node-a", 1, logs));
      nodes.add(startNode(shared, "node-b", 2, logs));
      for (Process node : nodes) {
        awaitReady(node);
      }
      Map<String, String> client = new LinkedHashMap<>(shared);
      client.put("expect-nodes", "2");
      client(client, System.out);
    } finally {
      for (Process node : nodes) {
        node.getOutputStream().close();
      }
      for (Process node : nodes) {
        if (!node.waitFor(40, TimeUnit.SECONDS)) {
          node.destroyForcibly().waitFor();
        }
      }
      System.out.println("the nodes and their workers have exited");
    }
  }

  private static Process startNode(Map<String, String> shared, String name, int workers, Path logs)
    throws IOException {
    List<String> command = new ArrayList<>(List.of(
      ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
      "-Xmx256m", "-cp", System.getProperty("java.class.path"), ClusterDemo.class.getName(), "node",
      "--name", name, "--workers", Integer.toString(workers), "--until-stdin-closes", "true"));
    shared.forEach((key, value) -> {
      command.add("--" + key);
      command.add(value);
    });
    System.out.println("starting " + name + " with " + Plural.of(workers, "worker"));
    return new ProcessBuilder(command)
      .redirectError(logs.resolve(name + ".log").toFile())
      .start();
  }

  private static void awaitReady(Process node) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith("READY ")) {
        System.out.println(line.substring("READY ".length()) + " joined");
        return;
      }
    }
    int exit;
    try {
      exit = node.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = -1;
    }
    throw new IllegalStateException("a node exited before it was ready (exit " + exit + "); see its log");
  }

  private static int freePortRange() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int base = 20_000 + (int) (Math.random() * 20_000);
      boolean free = true;
      for (int port = base; port < base + 10 && free; port++) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no free range of 10 ports found");
  }
}
