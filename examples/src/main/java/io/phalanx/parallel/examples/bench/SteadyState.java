package io.phalanx.parallel.examples.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Untimed batches until the work runs warm: fresh workers run their first tasks interpreted, and this JVM's JIT
 * compiles the path a batch takes; a batch timed before both have settled measures the compilers, not the work.
 */
final class SteadyState {

  /** Untimed CPU batches before the timed ones: at most this many, fewer once the batches are steady. */
  static final int MAX_WARMUP_BATCHES = 10;

  /** The share of a warm-up batch's time this JVM's JIT may have spent compiling for the batch to count as steady. */
  static final double STEADY_COMPILE_SHARE = 0.02;

  private SteadyState() {
  }

  /**
   * Runs {@code batch} until one took within 10% of the one before and this JVM's JIT compiled for less than
   * {@link #STEADY_COMPILE_SHARE} of its time; at most {@link #MAX_WARMUP_BATCHES} times.
   *
   * @return how many batches ran
   */
  static int runUntilSteady(Runnable batch) {
    double previous = -1;
    for (int i = 0; i < MAX_WARMUP_BATCHES; i++) {
      long compiledBefore = compiledMillis();
      long started = System.nanoTime();
      batch.run();
      double seconds = (System.nanoTime() - started) / 1e9;
      double compiling = (compiledMillis() - compiledBefore) / 1e3;
      if (previous > 0 && Math.abs(seconds - previous) <= 0.1 * previous
        && compiling < STEADY_COMPILE_SHARE * seconds) {
        return i + 1;
      }
      previous = seconds;
    }
    return MAX_WARMUP_BATCHES;
  }

  /** Waits (at most 10 s) until this JVM's JIT compiler has done nothing for two checks 200 ms apart. */
  static void settleCompiler() {
    if (compiledMillis() == 0) {
      // a JVM that does not measure its compile times (or has compiled nothing): nothing to wait for
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long last = compiledMillis();
    int quiet = 0;
    while (quiet < 2 && System.nanoTime() < deadline) {
      Bench.sleepQuietly(200);
      long now = compiledMillis();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
  }

  /** The time this JVM's JIT has spent compiling so far, in ms; always 0 where the JVM does not measure it. */
  static long compiledMillis() {
    var compilation = ManagementFactory.getCompilationMXBean();
    return compilation != null && compilation.isCompilationTimeMonitoringSupported()
      ? compilation.getTotalCompilationTime() : 0;
  }
}
