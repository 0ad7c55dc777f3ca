package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.examples.ProcessImage;
import io.phalanx.parallel.examples.SourceImages;
import io.phalanx.parallel.examples.Thumbnail;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pool against what a Vert.x application would otherwise use for CPU-heavy work: {@code executeBlocking} on a
 * {@link WorkerExecutor} of as many threads as the pool has workers. The same CPU batch, the main example's
 * thumbnails (the same images), the same again while the parent holds about 1.5 GiB of live objects, and all the
 * while the lateness of an event loop of the same Vert.x (what the application's own handlers would wait).
 */
final class ModelsBench {

  /** The thumbnails' box, as the main example makes them. */
  private static final int BOX_WIDTH = 800;
  private static final int BOX_HEIGHT = 600;
  /**
   * About 1.5 GiB of live objects: 6.5 million cache entries of about 240 bytes (33 million objects). Small entries,
   * not large blocks: a collector's marking costs by the object, and a few large blocks would cost it nearly nothing.
   */
  private static final int CACHE_ENTRIES = 6_500_000;
  private static final int CACHE_PAYLOAD_BYTES = 96;
  /** The cache, the executor's garbage and room for the collector to work in. */
  private static final long MIN_HEAP_FOR_CACHE = 3L << 30;
  private static final int MAX_WARMUP_BATCHES = 4;

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
    progress.println("[8/11] thumbnails: the pool against executeBlocking, with a small and a large parent heap");
    Path images = work.resolve("thumbnails");
    List<Path> sources = SourceImages.generate(images, settings.thumbImages(), 1600, 1200);
    try {
      double one = thumbnailsInPool(sources, 1, "pool_1w");
      double two = thumbnailsInPool(sources, 2, "pool_2w");
      results.record("thumbnails_speedup_2w", List.of(one / two), "thumbnails_pool_1w_s / thumbnails_pool_2w_s: "
        + "the main example's speed-up on 2 workers, warm");
      thumbnailsInExecutor(sources, 2, "execblocking_2w");
      int coresLessOne = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
      thumbnailsInPool(sources, coresLessOne, "pool_cores_minus_1");
      if (Runtime.getRuntime().maxMemory() < MIN_HEAP_FOR_CACHE) {
        String reason = "the benchmark's largest heap is " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, too "
          + "small for 1.5 GiB of live objects beside the work (a JVM takes a quarter of the memory: 12 GiB or more)";
        results.skip("thumbnails_pool_2w_bigheap_s", reason, "the pool's thumbnails beside a large cache");
        results.skip("thumbnails_execblocking_2w_bigheap_s", reason, "executeBlocking's beside a large cache");
        return;
      }
      Map<String, CacheEntry> bigHeap = liveObjects();
      try {
        thumbnailsInPool(sources, 2, "pool_2w_bigheap");
        thumbnailsInExecutor(sources, 2, "execblocking_2w_bigheap");
      } finally {
        bigHeap.clear();
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
    return await(Future.all(all)).list();
  }

  // ------------------------------------------------------------------------------------------------ thumbnails

  private double thumbnailsInPool(List<Path> sources, int workers, String name) throws Exception {
    String address = "bench.models." + name;
    String id = vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(workers)
      .setAddress(address).setMailboxLimit(sources.size()))).await(120, TimeUnit.SECONDS);
    try {
      Parallel parallel = Parallel.create(vertx, address);
      return timed(name, () -> await(parallel.map(sources, p -> new ProcessImage(p.toString(), BOX_WIDTH,
        BOX_HEIGHT), 2 * workers)), "the main example's work: " + sources.size() + " images of 1600x1200 into "
        + BOX_WIDTH + "x" + BOX_HEIGHT + " in a pool of " + workers + " (default options)");
    } finally {
      vertx.undeploy(id).await(120, TimeUnit.SECONDS);
    }
  }

  private void thumbnailsInExecutor(List<Path> sources, int threads, String name) throws Exception {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("bench-execblocking-" + name, threads);
    try {
      timed(name, () -> {
        List<Future<Thumbnail>> all = new ArrayList<>();
        for (Path source : sources) {
          ProcessImage task = new ProcessImage(source.toString(), BOX_WIDTH, BOX_HEIGHT);
          all.add(executor.executeBlocking(() -> task.run(LocalScope.INSTANCE), false));
        }
        return await(Future.all(all)).list();
      }, "the same work through vertx.executeBlocking on a WorkerExecutor of " + threads + " threads");
    } finally {
      executor.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Warms up, then times {@code batch} {@link Bench.Settings#thumbRuns()} times, each followed by one more batch that
   * measures an event loop's lateness; records {@code thumbnails_<name>_s}, {@code eventloop_p99_ms_<name>} and {@code eventloop_p999_ms_<name>}.
   *
   * @return the median seconds per batch
   */
  private double timed(String name, java.util.function.Supplier<List<?>> batch, String description)
    throws Exception {
    for (int i = 0; i < MAX_WARMUP_BATCHES; i++) {
      long started = System.nanoTime();
      batch.get();
      if (i > 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30)) {
        // the second batch runs warm code in every worker or thread: one more is enough
        break;
      }
    }
    List<Double> seconds = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> p999 = new ArrayList<>();
    for (int r = 0; r < settings.thumbRuns(); r++) {
      // timed without the probe: its thousand wake-ups a second take CPU from the work once every core is busy, and
      // the more so the more workers there are
      long started = System.nanoTime();
      checkMade(name, batch.get());
      seconds.add((System.nanoTime() - started) / 1e9);
      EventLoopLatency probe = EventLoopLatency.start(vertx.getOrCreateContext(), 1);
      checkMade(name, batch.get());
      EventLoopLatency.Result lateness = probe.stop().await(10, TimeUnit.SECONDS);
      p99.add(lateness.percentileMillis(99));
      p999.add(lateness.percentileMillis(99.9));
    }
    results.record("eventloop_p99_ms_" + name, p99, "lateness of a 1 ms timer on an event loop of the same Vert.x "
      + "while the work of thumbnails_" + name + "_s runs (a batch of its own after each timed one), p99 per run");
    results.record("eventloop_p999_ms_" + name, p999, "the same, p99.9 per run");
    return results.record("thumbnails_" + name + "_s", seconds, description + "; median s per batch");
  }

  private void checkMade(String name, List<?> done) {
    if (done.size() != settings.thumbImages()) {
      throw new IllegalStateException(name + " made " + done.size() + " thumbnails");
    }
  }

  /**
   * Holds about 1.5 GiB of live objects, as an application with a large cache does: millions of small entries, each a
   * few objects the collector has to trace, settled in the old generation as a long-running application's are.
   */
  private static Map<String, CacheEntry> liveObjects() {
    // the heap as the earlier parts of the run grew it would decide whether the cache stays under the collector's
    // marking threshold: sized to what is live first, as for an application that starts with its cache
    System.gc();
    Map<String, CacheEntry> cache = new HashMap<>(CACHE_ENTRIES * 4 / 3 + 1);
    for (int i = 0; i < CACHE_ENTRIES; i++) {
      cache.put("entry-" + i, new CacheEntry(i, i, new byte[CACHE_PAYLOAD_BYTES]));
    }
    // without it, the first collections of either model would copy the whole cache out of the young generation
    System.gc();
    return cache;
  }

  /** One entry of {@link #liveObjects()}: with its key and its map node, about 240 bytes in 5 objects. */
  private record CacheEntry(long id, int version, byte[] payload) {
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(600, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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

  /** What a task sees when it runs in the parent's own threads: no services, no progress. */
  private static final class LocalScope implements TaskScope {
    static final LocalScope INSTANCE = new LocalScope();

    @Override
    public <S> S service(Class<S> type) {
      throw new UnsupportedOperationException("no services outside a worker");
    }

    @Override
    public void progress(Object update) {
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public String workerId() {
      return Thread.currentThread().getName().replace(' ', '-');
    }

    @Override
    public Vertx vertx() {
      throw new UnsupportedOperationException("no worker Vert.x outside a worker");
    }
  }
}
