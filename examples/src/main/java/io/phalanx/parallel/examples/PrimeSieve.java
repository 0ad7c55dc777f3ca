package io.phalanx.parallel.examples;

/**
 * Counts primes with a segmented sieve. A local service of {@link DatabaseExample}
 * ({@code ParallelConfig.addLocalService}): every worker JVM builds its own (and so does the parent), and tasks call it
 * directly, without any round trip. It keeps the small primes it has sieved so far, so a worker's later tasks reuse
 * them. Thread-safe.
 */
public final class PrimeSieve {

  private int[] smallPrimes = new int[0];
  private int sievedUpTo = 1;

  /**
   * @return how many primes lie in {@code [from, to)}
   */
  public long count(long from, long to) {
    long low = Math.max(from, 2);
    if (to <= low) {
      return 0;
    }
    if (to - low > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a range of at most " + (Integer.MAX_VALUE - 8) + " numbers, was ["
        + from + ", " + to + ")");
    }
    int root = (int) Math.sqrt((double) to) + 1;
    boolean[] composite = new boolean[(int) (to - low)];
    for (int p : smallPrimesUpTo(root)) {
      long first = Math.max((long) p * p, (low + p - 1) / p * p);
      for (long m = first; m < to; m += p) {
        composite[(int) (m - low)] = true;
      }
    }
    long count = 0;
    for (boolean c : composite) {
      if (!c) {
        count++;
      }
    }
    return count;
  }

  private synchronized int[] smallPrimesUpTo(int limit) {
    if (limit > sievedUpTo) {
      boolean[] composite = new boolean[limit + 1];
      int n = 0;
      int[] primes = new int[Math.max(16, (int) (1.3 * limit / Math.max(1, Math.log(limit))) + 16)];
      for (int p = 2; p <= limit; p++) {
        if (composite[p]) {
          continue;
        }
        if (n == primes.length) {
          primes = java.util.Arrays.copyOf(primes, n * 2);
        }
        primes[n++] = p;
        for (long m = (long) p * p; m <= limit; m += p) {
          composite[(int) m] = true;
        }
      }
      smallPrimes = java.util.Arrays.copyOf(primes, n);
      sievedUpTo = limit;
    }
    int end = 0;
    while (end < smallPrimes.length && smallPrimes[end] <= limit) {
      end++;
    }
    return java.util.Arrays.copyOf(smallPrimes, end);
  }
}
