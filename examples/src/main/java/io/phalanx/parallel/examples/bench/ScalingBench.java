package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.examples.Plural;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CPU part of the benchmark on many cores (issue 7, item 4): the same batch of SHA-256 tasks on pools of 1, 2, 4,
 * 8 and 16 workers, and the speed-up of each over 1 worker.
 * <p>
 * {@code ScalingBench [--workers 1,2,4,8,16] [--tasks 256] [--mib 16] [--runs 3] [--out FILE]}; made to run
 * unattended on a machine without a JDK, from the bundle {@code examples/bench-scaling.sh --prepare} builds. Prints a
 * table, writes JSON (default {@code scaling.json}), exits 0 when every pool completed its batches.
 */
public final class ScalingBench {

  record Run(int workers, List<Double> seconds, double medianSeconds, double speedup) {
  }

  public static void main(String[] args) throws Exception {
    List<Integer> workerCounts = List.of(1, 2, 4, 8, 16);
    int tasks = 256;
    int mib = 16;
    int runs = 3;
    Path out = Path.of("scaling.json");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--workers" -> workerCounts = Arrays.stream(require(value, args[i]).split(","))
          .map(String::trim).map(Integer::parseInt).toList();
        case "--tasks" -> tasks = Integer.parseInt(require(value, args[i]));
        case "--mib" -> mib = Integer.parseInt(require(value, args[i]));
        case "--runs" -> runs = Integer.parseInt(require(value, args[i]));
        case "--out" -> out = Path.of(require(value, args[i]));
        default -> {
          System.err.println("usage: ScalingBench [--workers 1,2,4,8,16] [--tasks 256] [--mib 16] [--runs 3] "
            + "[--out FILE]");
          System.exit(2);
        }
      }
      i++;
    }
    System.exit(new ScalingBench().run(workerCounts, tasks, mib, runs, out));
  }

  private static String require(String value, String option) {
    if (value == null) {
      System.err.println("scaling: " + option + " needs a value");
      System.exit(2);
    }
    return value;
  }

  int run(List<Integer> workerCounts, int tasks, int mib, int runs, Path out) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    System.err.printf("phalanx-parallel scaling benchmark: %d cores, java %s, %d x SHA-256 of %d MiB, %d runs%n",
      cores, System.getProperty("java.version"), tasks, mib, runs);
    List<Run> results = new ArrayList<>();
    List<String> expected = null;
    Vertx vertx = Vertx.vertx();
    try {
      for (int workers : workerCounts) {
        String address = "scaling." + workers;
        // no class-data archive: this measures CPU work, not start-up, and a jlink'ed runtime has no base archive
        // for one
        String id = vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(workers)
          .setAddress(address).setMailboxLimit(Math.max(16, tasks)).setClassDataSharing(false)))
          .await(300, TimeUnit.SECONDS);
        try {
          Context context = vertx.getOrCreateContext();
          PoolDriver driver = new PoolDriver(context, Parallel.create(vertx, address), address);
          int limit = 2 * workers;
          int size = mib;
          // warm-up with other seeds, as the main benchmark does: fresh workers hash interpreted
          SteadyState.runUntilSteady(
            () -> driver.map(CpuBatch.seeds(tasks, 1_000_000), s -> new Sha256Task(s, size), limit));
          List<Double> seconds = new ArrayList<>();
          for (int r = 0; r < runs; r++) {
            long started = System.nanoTime();
            List<String> digests = driver.map(CpuBatch.seeds(tasks, 1), s -> new Sha256Task(s, size), limit);
            seconds.add((System.nanoTime() - started) / 1e9);
            if (expected == null) {
              expected = digests;
            } else if (!expected.equals(digests)) {
              throw new IllegalStateException(workers + " workers gave other digests than before");
            }
          }
          double median = Stats.median(seconds);
          double speedup = results.isEmpty() ? 1.0 : results.get(0).medianSeconds() / median;
          results.add(new Run(workers, seconds, median, speedup));
          System.err.printf("  %2d workers: %.3f s (runs %s)%n", workers, median, seconds);
        } finally {
          vertx.undeploy(id).await(300, TimeUnit.SECONDS);
        }
      }
    } finally {
      vertx.close().await(120, TimeUnit.SECONDS);
    }
    System.out.println();
    System.out.println("workers   batch s   speed-up over " + Plural.of(results.get(0).workers(), "worker"));
    for (Run r : results) {
      System.out.printf("%7d  %8.3f   %6.2fx%n", r.workers(), r.medianSeconds(), r.speedup());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cores", cores);
    json.put("java", System.getProperty("java.version"));
    json.put("tasks", tasks);
    json.put("mebibytes_per_task", mib);
    json.put("runs", runs);
    json.put("finished", Instant.now().toString());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Run r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("workers", r.workers());
      row.put("batch_s", r.medianSeconds());
      row.put("runs_s", r.seconds());
      row.put("speedup", r.speedup());
      rows.add(row);
    }
    json.put("results", rows);
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)
      + "\n");
    System.out.println("wrote " + out.toAbsolutePath());
    return 0;
  }
}
