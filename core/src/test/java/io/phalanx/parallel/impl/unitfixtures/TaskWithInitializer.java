package io.phalanx.parallel.impl.unitfixtures;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A valid task named only in JSON requests; its static initializer records that it ran. */
public record TaskWithInitializer(int n) implements Task<Integer> {

  static {
    InitFlags.taskInitialized = true;
  }

  @Override
  public Integer run(TaskScope scope) {
    return n;
  }
}
