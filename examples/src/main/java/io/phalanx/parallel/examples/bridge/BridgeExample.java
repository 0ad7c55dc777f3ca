package io.phalanx.parallel.examples.bridge;

import io.phalanx.parallel.examples.Plural;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A client that is not Java: a pool behind the Vert.x TCP event-bus bridge, and a Node.js script that sends it a
 * task as JSON with the Vert.x project's TCP bridge client from npm.
 * <p>
 * The bridge ({@link PoolBridge}) permits the pool's task address and nothing else. By default this class then runs
 * {@code node client.js} from {@code examples/bridge-client} against it, prints what the script prints, stops the
 * pool and exits with the script's status; with {@code --serve} it keeps serving until standard input ends, for a
 * client started by hand. Run it with {@code examples/run-example.sh --bridge [options]} ({@code --help} lists them).
 */
public final class BridgeExample {

  /** The pool's event-bus address: the only address the bridge permits. */
  public static final String ADDRESS = "phalanx.examples.bridge";

  /** How long the client may take before it is stopped. */
  private static final long CLIENT_PATIENCE_SECONDS = 120;

  /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
  private static final Logger LIBRARY_LOG = Logger.getLogger("io.phalanx.parallel");

  private BridgeExample() {
  }

  public static void main(String[] args) {
    LIBRARY_LOG.setLevel(Level.WARNING);
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(BridgeSettings.USAGE);
      return;
    }
    BridgeSettings settings;
    try {
      settings = BridgeSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bridge example: " + e.getMessage() + "\n\n" + BridgeSettings.USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    int status;
    try {
      status = run(vertx, settings, System.out);
    } catch (Exception e) {
      System.err.println("bridge example failed: " + e);
      status = 1;
    } finally {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("closing Vert.x failed: " + e);
      }
    }
    System.exit(status);
  }

  /**
   * Starts the pool and its bridge, runs the client (or serves until standard input ends), and stops them.
   *
   * @return the client's exit status (0 when every answer was the expected one); 0 after serving
   */
  public static int run(Vertx vertx, BridgeSettings settings, PrintStream out) throws Exception {
    if (settings.port() == 0) {
      settings = settings.withPort(freePort(settings.host()));
    }
    out.printf("starting a pool of %s on %s%n", Plural.of(settings.workers(), "worker"), ADDRESS);
    PoolBridge bridge = PoolBridge.start(vertx, ADDRESS, settings.workers(), settings.host(), settings.port())
      .await();
    try {
      out.printf("TCP event-bus bridge on %s:%d; it permits %s and no other address%n", bridge.host(),
        bridge.port(), ADDRESS);
      if (settings.serve()) {
        out.printf("serving until standard input ends (Ctrl-D) or Ctrl-C; try:%n  (cd %s && node client.js --port %d)%n",
          settings.client(), bridge.port());
        drain(System.in);
        return 0;
      }
      return runClient(settings, bridge, out);
    } finally {
      bridge.stop().await();
      out.println("the pool has stopped");
    }
  }

  /** Runs {@code node client.js} against the bridge, printing its output as it comes. */
  private static int runClient(BridgeSettings settings, PoolBridge bridge, PrintStream out) throws Exception {
    Path dir = settings.client().toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      throw new IllegalStateException("the client's npm packages are missing: run 'npm ci' in " + dir);
    }
    List<String> command = List.of("node", "client.js", "--host", bridge.host(), "--port",
      Integer.toString(bridge.port()), "--address", ADDRESS, "--below", Long.toString(settings.below()));
    out.printf("running: %s (in %s)%n", String.join(" ", command), dir);
    Process node;
    try {
      node = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start node (is Node.js 18 or later on the PATH?): " + e.getMessage(), e);
    }
    node.getOutputStream().close();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
      StandardCharsets.UTF_8))) {
      lines.lines().forEach(line -> out.println("  node | " + line));
    }
    if (!node.waitFor(CLIENT_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new IllegalStateException("the client did not finish within " + CLIENT_PATIENCE_SECONDS + " s");
    }
    out.printf("the client exited with status %d%n", node.exitValue());
    return node.exitValue();
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[1024];
    while (in.read(buffer) >= 0) {
      // nothing to do with the input: its end is the signal
    }
  }

  /**
   * A port free on {@code host} now. The bridge does not tell the port it bound, so a free one is found first; another
   * program could take it in between, which only fails the start.
   */
  static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }
}
