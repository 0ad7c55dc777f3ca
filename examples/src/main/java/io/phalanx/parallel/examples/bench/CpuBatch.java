package io.phalanx.parallel.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * The CPU batch ({@link Bench.Settings#cpuTasks()} x SHA-256 of {@link Bench.Settings#cpuMebibytes()} MiB) on a pool
 * and on threads of this JVM. Every run of it must give the digests of the first, wherever it ran: a pool that
 * returned wrong results fast would otherwise look good.
 */
final class CpuBatch {

  private final Bench.Settings settings;
  private final BenchResults results;
  /** The digests of the CPU batch, from whichever ran it first; every later run must give the same. */
  private List<String> expectedDigests;

  CpuBatch(Bench.Settings settings, BenchResults results) {
    this.settings = settings;
    this.results = results;
  }

  /** @return the digests every run gave, or {@code null} before the first run */
  List<String> expectedDigests() {
    return expectedDigests;
  }

  /** {@code count} task seeds from {@code first} on (a warm-up uses other seeds than the timed batches). */
  static List<Long> seeds(int count, long first) {
    return LongStream.range(first, first + count).boxed().toList();
  }

  String description(String where) {
    return settings.cpuTasks() + " x SHA-256 of " + settings.cpuMebibytes() + " MiB on " + where
      + ", after untimed warm-up batches (until one agrees with the one before and this JVM's JIT compiled for under "
      + Math.round(SteadyState.STEADY_COMPILE_SHARE * 100) + "% of it, at most " + SteadyState.MAX_WARMUP_BATCHES
      + ") and a quiet JIT";
  }

  /**
   * Times the batch on a pool of {@code workers}, and records this JVM's CPU time and JIT time during it.
   *
   * @return the seconds of each timed batch
   */
  List<Double> onPool(PoolDriver driver, int workers) {
    int mib = settings.cpuMebibytes();
    // warm-up, untimed (other seeds): each worker's first tasks run the hashing interpreted (the first takes ~50x as
    // long as a warm one), and the parent's batch path (map) is compiled too
    warmUp("cpu_batch_" + workers + "w_s",
      () -> driver.map(seeds(settings.cpuTasks(), 1_000), s -> new Sha256Task(s, mib), 2 * workers));
    List<Double> seconds = new ArrayList<>();
    List<Double> compiling = new ArrayList<>();
    CpuPerTask parentCpu = new CpuPerTask();
    for (int r = 0; r < settings.cpuRuns(); r++) {
      long compiledBefore = SteadyState.compiledMillis();
      parentCpu.start();
      long started = System.nanoTime();
      List<String> digests = driver.map(seeds(settings.cpuTasks(), 1), s -> new Sha256Task(s, mib), 2 * workers);
      seconds.add((System.nanoTime() - started) / 1e9);
      parentCpu.stop(settings.cpuTasks());
      compiling.add((double) (SteadyState.compiledMillis() - compiledBefore));
      checkDigests(digests);
    }
    parentCpu.record(results, "parent_cpu_per_cpu_task_" + workers + "w", "CPU time of this JVM (every thread, from "
      + "/proc/self/task/*/schedstat) per task during each timed batch of cpu_batch_" + workers + "w_s");
    results.record("cpu_batch_" + workers + "w_parent_jit_ms", compiling,
      "time this JVM's JIT spent compiling during each timed batch of cpu_batch_" + workers + "w_s (it takes its CPU "
        + "from the workers once they are as many as the cores)");
    return seconds;
  }

  /** Times the batch on a fixed pool of 2 threads in this JVM and records {@code cpu_batch_threads2_s}. */
  void onThreads() throws Exception {
    int mib = settings.cpuMebibytes();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "bench-cpu");
      thread.setDaemon(true);
      return thread;
    });
    try {
      warmUp("cpu_batch_threads2_s", () -> {
        try {
          return runOnThreads(pool, seeds(settings.cpuTasks(), 1_000), mib);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      List<Double> seconds = new ArrayList<>();
      for (int r = 0; r < settings.cpuRuns(); r++) {
        long started = System.nanoTime();
        List<String> digests = runOnThreads(pool, seeds(settings.cpuTasks(), 1), mib);
        seconds.add((System.nanoTime() - started) / 1e9);
        checkDigests(digests);
      }
      results.record("cpu_batch_threads2_s", seconds, description("a fixed pool of 2 threads in this JVM"));
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> runOnThreads(ExecutorService pool, List<Long> seeds, int mib) throws Exception {
    List<Callable<String>> tasks = seeds.stream().map(s -> (Callable<String>) () -> Sha256Task.digest(s, mib))
      .toList();
    List<String> digests = new ArrayList<>();
    for (Future<String> future : pool.invokeAll(tasks)) {
      digests.add(future.get());
    }
    return digests;
  }

  void checkDigests(List<String> digests) {
    if (expectedDigests == null) {
      expectedDigests = List.copyOf(digests);
    } else if (!expectedDigests.equals(digests)) {
      throw new IllegalStateException("the CPU batch gave different digests than before");
    }
  }

  /**
   * Runs untimed batches until they are steady (see {@link SteadyState#runUntilSteady}), then waits for this JVM's
   * compiler to go quiet. With two workers on two cores this JVM's compiler takes its CPU from the workers: after the
   * no-op load it has a backlog of methods that load made hot, and the batch's own path gets compiled anew for the new
   * task and result types; until then the 2-worker batches took up to 0.54 s instead of 0.42.
   */
  private void warmUp(String key, Supplier<List<String>> batch) {
    int batches = SteadyState.runUntilSteady(batch::get);
    results.note(key + ": " + batches + " untimed warm-up batches" + (batches == SteadyState.MAX_WARMUP_BATCHES
      ? " (the most; not steady yet)" : ""));
    SteadyState.settleCompiler();
  }
}
