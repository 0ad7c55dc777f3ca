package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.impl.cds.ClassDataSharing;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * JVM start-up: a hello-world JVM, a worker started with the command line a default pool uses, and the same worker
 * without the pool's options and archive; what the pool's start-up tuning buys.
 */
final class SpawnBench {

  static final long SPAWN_TIMEOUT_S = 60;

  private final Bench.Settings settings;
  private final BenchResults results;
  /** Where the stderr of the JVMs started here goes. */
  private final Path log;

  SpawnBench(Bench.Settings settings, BenchResults results, Path log) {
    this.settings = settings;
    this.results = results;
    this.log = log;
  }

  void run(Vertx vertx) throws Exception {
    String pid = Long.toString(ProcessHandle.current().pid());
    List<String> hello = List.of(Bench.JAVA, "-cp", Bench.CLASS_PATH, Hello.class.getName());
    List<String> tuned = poolWorkerCommand(vertx);
    List<String> untuned = List.of(Bench.JAVA, "-XX:+DisplayVMOutputToStderr", "-cp", Bench.CLASS_PATH,
      "io.phalanx.parallel.worker.WorkerMain", "--worker-id", "w", "--parent-pid", pid);
    Files.deleteIfExists(log);
    List<Double> helloMs = new ArrayList<>();
    List<Double> tunedMs = new ArrayList<>();
    List<Double> untunedMs = new ArrayList<>();
    try (SpawnProbe workers = new SpawnProbe(vertx, ParallelConfig.DEFAULT_MAX_FRAME_BYTES)) {
      // one untimed start of each first: the files are in the page cache for every timed one
      firstLineMillis(hello, "hello");
      workers.readyMillis(tuned, SPAWN_TIMEOUT_S);
      workers.readyMillis(untuned, SPAWN_TIMEOUT_S);
      for (int i = 0; i < settings.spawnRuns(); i++) {
        // interleaved, so a slow phase of the machine hits all three alike
        helloMs.add(firstLineMillis(hello, "hello"));
        tunedMs.add(workers.readyMillis(tuned, SPAWN_TIMEOUT_S));
        untunedMs.add(workers.readyMillis(untuned, SPAWN_TIMEOUT_S));
      }
    }
    results.record("spawn_ready_ms", tunedMs, "the worker command a default pool uses (DEFAULT_JVM_OPTIONS and its "
      + "class-data archive), launched as a pool launches it: launch to the ready frame on its channel");
    results.record("spawn_ready_untuned_ms", untunedMs, "the same child without DEFAULT_JVM_OPTIONS and archive");
    results.record("hello_jvm_ms", helloMs, "java -cp <same class path> Hello: start() to its line");
  }

  /**
   * The command line with which a default pool starts a worker, after one untimed pool start that trains the
   * class-data archive when it is missing (the archive is what a pool's workers use from their second start on).
   */
  private List<String> poolWorkerCommand(Vertx vertx) throws Exception {
    ParallelConfig config = ParallelConfig.singleWorker().setAddress("bench.cds");
    List<String> command = ClassDataSharing.workerCommandLine(config, "w");
    if (archiveOption(command) == null && config.isClassDataSharing()) {
      CompletableFuture<JsonObject> outcome = new CompletableFuture<>();
      var consumer = vertx.eventBus().<JsonObject>consumer(config.getAddress() + ".events", message -> {
        String type = message.body().getString("type");
        if ("archive_created".equals(type) || "archive_failed".equals(type)) {
          outcome.complete(message.body());
        }
      });
      consumer.completion().await(10, TimeUnit.SECONDS);
      String id = vertx.deployVerticle(new SupervisorVerticle(config)).await(120, TimeUnit.SECONDS);
      try {
        JsonObject event = outcome.completeOnTimeout(new JsonObject().put("type", "no archive event")
          .put("reason", "none within 240 s (a folder in the class path, or another JVM training it)"),
          240, TimeUnit.SECONDS).get();
        if (!"archive_created".equals(event.getString("type"))) {
          results.note("the workers start without a class-data archive: " + event.getString("reason"));
        }
      } finally {
        consumer.unregister().await(10, TimeUnit.SECONDS);
        vertx.undeploy(id).await(120, TimeUnit.SECONDS);
      }
      command = ClassDataSharing.workerCommandLine(config, "w");
    }
    String archive = archiveOption(command);
    results.setting("worker_class_data_archive", archive == null ? "none" : archive);
    return command;
  }

  private static String archiveOption(List<String> command) {
    return command.stream().filter(o -> o.startsWith("-XX:SharedArchiveFile=") || o.startsWith("-XX:AOTCache="))
      .findFirst().orElse(null);
  }

  /**
   * Starts {@code command}, reads its first stdout line, then closes its stdin (a worker exits on that) and waits.
   *
   * @return milliseconds from {@link ProcessBuilder#start()} to the first line
   */
  private double firstLineMillis(List<String> command, String expected) throws Exception {
    File logFile = log.toFile();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(logFile));
    long started = System.nanoTime();
    Process process = builder.start();
    // a child that never prints is killed, so the read below ends (with null) instead of waiting forever
    CompletableFuture.delayedExecutor(SPAWN_TIMEOUT_S, TimeUnit.SECONDS).execute(() -> {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    });
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
      String line = reader.readLine();
      long elapsed = System.nanoTime() - started;
      if (line == null || !line.startsWith(expected)) {
        String main = String.join(" ", command.subList(command.indexOf("-cp") + 2, command.size()));
        throw new IllegalStateException("'" + main + "' printed '" + line + "' instead of " + expected
          + " within " + SPAWN_TIMEOUT_S + " s (its stderr is in " + logFile + ")");
      }
      return elapsed / 1e6;
    } finally {
      process.getOutputStream().close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    }
  }
}
