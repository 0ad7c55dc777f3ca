package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * Does nothing and returns {@code null}: what it costs is the pool's own overhead per task. The {@code seq} field
 * only gives the frame a realistic argument (a number) and lets a reader of a frame dump tell tasks apart.
 *
 * @param seq any number
 */
public record NoopTask(long seq) implements Task<Void> {

  @Override
  public Void run(TaskScope scope) {
    return null;
  }
}
