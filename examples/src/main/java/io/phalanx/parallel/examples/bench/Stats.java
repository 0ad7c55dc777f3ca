package io.phalanx.parallel.examples.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Medians and percentiles, the only statistics the benchmark reports.
 */
public final class Stats {

  private Stats() {
  }

  /**
   * @return the median (the mean of the two middle values for an even count); {@code NaN} for no values
   */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest sample with at least {@code p} percent of the samples at or below it.
   *
   * @param samples any order; not changed
   * @param p       in (0, 100]
   */
  public static long percentile(long[] samples, double p) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
