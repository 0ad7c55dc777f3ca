package io.phalanx.parallel.impl.unitfixtures;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A task with a closure-typed component: refused by the class check. */
public record HoldsRunnable(Runnable action) implements Task<Void> {
  @Override
  public Void run(TaskScope scope) {
    action.run();
    return null;
  }
}
