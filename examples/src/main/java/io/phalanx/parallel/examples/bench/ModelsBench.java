package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.examples.SourceImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pool against what a Vert.x application would otherwise use for CPU-heavy work: {@code executeBlocking} on a
 * {@link WorkerExecutor} of as many threads as the pool has workers. The same CPU batch, the main example's
 * thumbnails (the same images, a batch of each model in turn: {@link ThumbnailRounds}), the same again while the
 * parent holds about 1.5 GiB of live objects ({@link BigHeapRun}), and all the while the lateness of an event loop of
 * the same Vert.x (what the application's own handlers would wait).
 */
final class ModelsBench {

  /** The big-heap runs' JVM of 3 GiB beside this one and the workers. */
  private static final long MIN_MEMORY_FOR_CACHE = 8L << 30;

  private final Vertx vertx;
  private final Bench.Settings settings;
  private final BenchResults results;
  private final PrintStream progress;
  private final Path work;

  ModelsBench(Vertx vertx, Bench.Settings settings, BenchResults results, PrintStream progress, Path work) {
    this.vertx = vertx;
    this.settings = settings;
    this.results = results;
    this.progress = progress;
    this.work = work;
  }

  void run(List<String> expectedDigests) throws Exception {
    progress.println("[7/11] the same CPU batch through executeBlocking on 2 threads");
    results.record("execblocking_cpu_batch_2w_s", cpuBatch(expectedDigests),
      "the CPU batch (" + settings.cpuTasks() + " x SHA-256 of " + settings.cpuMebibytes() + " MiB) through "
        + "vertx.executeBlocking on a WorkerExecutor of 2 threads; median s per batch");
    progress.println("[8/11] thumbnails: the pool against executeBlocking, in turn, with a small parent heap");
    Path images = work.resolve("thumbnails");
    List<Path> sources = SourceImages.generate(images, settings.thumbImages(), 1600, 1200);
    try {
      thumbnailsInTurn(sources);
      long memory = physicalMemory();
      if (memory < MIN_MEMORY_FOR_CACHE) {
        String reason = "the machine has " + (memory >> 20) + " MiB of memory, too little for a JVM of "
          + BigHeapRun.HEAP + " holding 1.5 GiB of live objects beside this one (8 GiB or more)";
        results.skip("thumbnails_pool_2w_bigheap_s", reason, "the pool's thumbnails beside a large cache");
        results.skip("thumbnails_execblocking_2w_bigheap_s", reason, "executeBlocking's beside a large cache");
        return;
      }
      for (String model : List.of("pool", "execblocking")) {
        progress.println("[8/11] thumbnails: " + model + " beside a cache of 1.5 GiB, in a JVM of its own (-Xmx"
          + BigHeapRun.HEAP + ")");
        BigHeapRun.inChildJvm(model, images, sources.size(), settings.thumbRuns(), BigHeapRun.CACHE_ENTRIES,
          results);
      }
    } finally {
      deleteTree(images);
    }
  }

  // ------------------------------------------------------------------------------------------------ CPU batch

  private List<Double> cpuBatch(List<String> expectedDigests) throws Exception {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("bench-execblocking-cpu", 2);
    try {
      int mib = settings.cpuMebibytes();
      SteadyState.runUntilSteady(() -> digests(executor, CpuBatch.seeds(settings.cpuTasks(), 1_000), mib));
      List<Double> seconds = new ArrayList<>();
      for (int r = 0; r < settings.cpuRuns(); r++) {
        long started = System.nanoTime();
        List<String> digests = digests(executor, CpuBatch.seeds(settings.cpuTasks(), 1), mib);
        seconds.add((System.nanoTime() - started) / 1e9);
        if (expectedDigests != null && !expectedDigests.equals(digests)) {
          throw new IllegalStateException("executeBlocking gave other digests than the pool");
        }
      }
      return seconds;
    } finally {
      executor.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> digests(WorkerExecutor executor, List<Long> seeds, int mib) {
    List<Future<String>> all = new ArrayList<>();
    for (long seed : seeds) {
      all.add(executor.executeBlocking(() -> Sha256Task.digest(seed, mib), false));
    }
    return ThumbnailModel.await(Future.all(all)).list();
  }

  // ------------------------------------------------------------------------------------------------ thumbnails

  /** Pools of 1 and 2 workers, executeBlocking on 2 threads, and a pool of cores - 1 workers, a batch each in turn. */
  private void thumbnailsInTurn(List<Path> sources) throws Exception {
    int coresLessOne = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    List<ThumbnailModel> models = new ArrayList<>();
    try {
      models.add(ThumbnailModel.pool(vertx, sources, 1, "pool_1w"));
      models.add(ThumbnailModel.pool(vertx, sources, 2, "pool_2w"));
      models.add(ThumbnailModel.executor(vertx, sources, 2, "execblocking_2w"));
      models.add(ThumbnailModel.pool(vertx, sources, coresLessOne, "pool_cores_minus_1"));
      Map<String, List<Double>> seconds = ThumbnailRounds.inTurn(vertx, models, settings.thumbRuns(),
        settings.thumbImages(), results);
      List<Double> speedUps = new ArrayList<>();
      for (int r = 0; r < settings.thumbRuns(); r++) {
        speedUps.add(seconds.get("pool_1w").get(r) / seconds.get("pool_2w").get(r));
      }
      results.record("thumbnails_speedup_2w", speedUps, "the main example's speed-up on 2 workers, warm: "
        + "thumbnails_pool_1w_s / thumbnails_pool_2w_s of the same round, median of the rounds");
    } finally {
      for (ThumbnailModel model : models) {
        model.close();
      }
    }
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean) {
      return bean.getTotalMemorySize();
    }
    return 0;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
