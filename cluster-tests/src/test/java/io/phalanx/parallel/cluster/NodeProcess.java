package io.phalanx.parallel.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node JVM ({@link NodeMain}) started by a test with the test's own class path. Its stderr and its stdout after
 * {@code READY} go to {@code target/cluster-nodes/<cluster>-<node>.log}.
 */
final class NodeProcess {

  private final String name;
  private final Process process;
  private final CompletableFuture<List<Long>> ready = new CompletableFuture<>();
  private final Path log;

  private NodeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static NodeProcess start(String clusterName, int basePort, String node, String keyStore, String password,
                           String configJson) throws IOException {
    Path logs = Path.of("target", "cluster-nodes");
    Files.createDirectories(logs);
    Path log = logs.resolve(clusterName + "-" + node + ".log");
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
      "-cp", System.getProperty("java.class.path"), NodeMain.class.getName(), clusterName,
      Integer.toString(basePort), node, keyStore == null ? "-" : keyStore, password == null ? "-" : password,
      configJson));
    Process process = new ProcessBuilder(command)
      .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
      .start();
    NodeProcess started = new NodeProcess(node, process, log);
    Thread reader = new Thread(started::readStdout, "node-" + node + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return started;
  }

  private void readStdout() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
      StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log,
      StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("READY ") && !ready.isDone()) {
          String[] parts = line.split(" ");
          List<Long> pids = new ArrayList<>();
          if (parts.length > 2 && !parts[2].isEmpty()) {
            for (String pid : parts[2].split(",")) {
              pids.add(Long.parseLong(pid));
            }
          }
          ready.complete(pids);
        } else {
          out.println(line);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the node is gone: whatever waits for it learns so below
    }
    ready.completeExceptionally(new IllegalStateException("node " + name + " ended before it was ready (exit "
      + exitCode() + "); see " + log.toAbsolutePath()));
  }

  private String exitCode() {
    return process.isAlive() ? "none yet" : Integer.toString(process.exitValue());
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /**
   * @return the pids of the node's worker JVMs, once the node's supervisor has started
   */
  List<Long> awaitReady(Duration within) throws Exception {
    return ready.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGKILL, as a machine that dies would. */
  void kill() {
    process.destroyForcibly();
  }

  /**
   * Ends the node: closes its stdin (it drains and exits), kills it if it has not exited within the grace period,
   * then waits until it and each of its workers are gone; fails naming any survivor.
   */
  void stop(Duration grace) throws Exception {
    List<Long> workers = ready.isDone() && !ready.isCompletedExceptionally() ? ready.get() : List.of();
    try {
      process.getOutputStream().close();
    } catch (IOException alreadyClosed) {
      // it died already
    }
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    awaitGone(workers, Duration.ofSeconds(15));
    if (process.isAlive()) {
      throw new AssertionError("node " + name + " (pid " + process.pid() + ") is still alive");
    }
  }

  /**
   * Waits for these processes to exit (they are not children of this JVM: their exit is awaited through
   * {@link ProcessHandle#onExit()}), kills and names those still alive after {@code within}.
   */
  static void awaitGone(List<Long> pids, Duration within) {
    List<Long> survivors = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    for (long pid : pids) {
      ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
      if (handle == null) {
        continue;
      }
      long left = Math.max(1, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception stillAlive) {
        survivors.add(pid);
        handle.destroyForcibly();
      }
    }
    if (!survivors.isEmpty()) {
      throw new AssertionError("worker processes still alive after their node ended: " + survivors);
    }
  }

  File logFile() {
    return log.toFile();
  }
}
