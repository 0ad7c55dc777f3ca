package io.phalanx.parallel.examples.bridge;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * Counts the primes below {@code below} with a sieve: the task the bridge's Node.js client sends as JSON,
 * {@code {"task": "io.phalanx.parallel.examples.bridge.PrimeCount", "args": {"below": 1000000}}}.
 * <p>
 * A {@code below} under 2 or over 100 000 000 makes it throw, which the client sees as failure code 500.
 */
public record PrimeCount(long below) implements Task<Long> {

  /** The largest {@code below}: a sieve of it takes 100 MB of the worker's heap. */
  public static final long MAX_BELOW = 100_000_000;

  @Override
  public Long run(TaskScope scope) {
    if (below < 2 || below > MAX_BELOW) {
      throw new IllegalArgumentException("below must be between 2 and " + MAX_BELOW + ", was " + below);
    }
    boolean[] composite = new boolean[(int) below];
    long primes = 0;
    for (int i = 2; i < below; i++) {
      if (!composite[i]) {
        primes++;
        for (long multiple = (long) i * i; multiple < below; multiple += i) {
          composite[(int) multiple] = true;
        }
      }
    }
    return primes;
  }
}
