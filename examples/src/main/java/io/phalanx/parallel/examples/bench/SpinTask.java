package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * Keeps one core busy for {@code millis} milliseconds, or until it is cancelled, and returns how many rounds it
 * made: the load under which {@link EventLoopBench} measures the parent's event loop.
 *
 * @param millis how long to spin
 */
public record SpinTask(long millis) implements Task<Long> {

  @Override
  public Long run(TaskScope scope) {
    long end = System.nanoTime() + millis * 1_000_000;
    long rounds = 0;
    long x = 1;
    while (System.nanoTime() < end && !scope.isCancelled()) {
      for (int i = 0; i < 1_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      rounds++;
    }
    return rounds + (x & 1);
  }
}
