package io.phalanx.parallel.impl.supervisionfixtures;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A plain task for the supervision tests; it never runs, the fake worker answers for it. */
public record Square(int n) implements Task<Integer> {
  @Override
  public Integer run(TaskScope scope) {
    return n * n;
  }
}
