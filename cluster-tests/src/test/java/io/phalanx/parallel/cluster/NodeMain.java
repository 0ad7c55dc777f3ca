package io.phalanx.parallel.cluster;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One node of a test cluster, in its own JVM: joins the cluster, deploys a supervisor with the given configuration
 * and prints {@code READY <node> <worker pids>} on stdout. It drains and exits when its stdin closes (the test is done
 * with it, or the test JVM died).
 * <p>
 * Arguments: cluster name, base port, node name, key store path ({@code -} for none), key store password, the
 * supervisor's configuration as JSON. The node name becomes the pool's node name (unless the configuration has one)
 * and the system property {@value #NODE_PROPERTY} here and in every worker JVM, so tasks and services can say where
 * they ran.
 */
public final class NodeMain {

  public static final String NODE_PROPERTY = "phalanx.node";

  private NodeMain() {
  }

  public static void main(String[] args) throws Exception {
    String clusterName = args[0];
    int basePort = Integer.parseInt(args[1]);
    String node = args[2];
    String keyStore = "-".equals(args[3]) ? null : args[3];
    String password = args[4];
    ParallelConfig config = new ParallelConfig(new JsonObject(args[5]))
      .addJvmOption("-D" + NODE_PROPERTY + "=" + node);
    if (config.getNodeName() == null) {
      config.setNodeName(node);
    }
    System.setProperty(NODE_PROPERTY, node);

    Vertx vertx = ClusterSupport.start(clusterName, basePort, keyStore, password).await(60, TimeUnit.SECONDS);
    vertx.deployVerticle(new SupervisorVerticle(config)).await(60, TimeUnit.SECONDS);
    String workers = ProcessHandle.current().children().map(p -> Long.toString(p.pid()))
      .collect(Collectors.joining(","));
    System.out.println("READY " + node + " " + workers);
    System.out.flush();

    InputStream in = System.in;
    while (in.read() >= 0) {
      // nothing is ever sent: only the end of the stream matters
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } finally {
      System.exit(0);
    }
  }
}
