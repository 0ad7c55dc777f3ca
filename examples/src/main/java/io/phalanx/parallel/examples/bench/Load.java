package io.phalanx.parallel.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A load measured over consecutive intervals after its warm-up.
 *
 * @param rates       tasks per second of each interval
 * @param parentCpuUs this JVM's CPU time per task of each interval, in microseconds (every thread: the event
 *                    loops, the process library's threads, the JIT compilers, the GC)
 * @param childCpuUs  the children's CPU time per task of each interval, all children together
 * @param warmupRate  tasks per second during the warm-up
 */
record Load(List<Double> rates, List<Double> parentCpuUs, List<Double> childCpuUs, double warmupRate) {

  /**
   * Lets a running load warm up, then measures its rate and CPU cost over {@link Bench.Settings#throughputRuns()}
   * intervals of {@link Bench.Settings#throughputIntervalS()}.
   *
   * @param completed how many tasks the load has completed so far
   */
  static Load sample(LongSupplier completed, List<Long> childPids, double warmupS, Bench.Settings settings)
    throws Exception {
    long warmupStart = System.nanoTime();
    Thread.sleep((long) (warmupS * 1000));
    double warmupRate = completed.getAsLong() / ((System.nanoTime() - warmupStart) / 1e9);
    List<Double> rates = new ArrayList<>();
    List<Double> parentCpu = new ArrayList<>();
    List<Double> childCpu = new ArrayList<>();
    for (int r = 0; r < settings.throughputRuns(); r++) {
      long count = completed.getAsLong();
      long parent = ProcessCpu.ownNanos();
      long children = ProcessCpu.nanos(childPids);
      long started = System.nanoTime();
      Thread.sleep((long) (settings.throughputIntervalS() * 1000));
      long done = completed.getAsLong() - count;
      long elapsed = System.nanoTime() - started;
      long parentUsed = ProcessCpu.ownNanos() - parent;
      long childrenUsed = ProcessCpu.nanos(childPids) - children;
      rates.add(done / (elapsed / 1e9));
      parentCpu.add(parentUsed / 1e3 / Math.max(1, done));
      childCpu.add(childrenUsed / 1e3 / Math.max(1, done));
    }
    return new Load(rates, parentCpu, childCpu, warmupRate);
  }
}
