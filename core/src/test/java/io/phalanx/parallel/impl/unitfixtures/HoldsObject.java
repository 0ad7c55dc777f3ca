package io.phalanx.parallel.impl.unitfixtures;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * A task whose component is declared {@code Object}: the class check cannot see what it will hold, so a lambda in it
 * is only caught when Jackson tries to write it.
 */
public record HoldsObject(Object payload) implements Task<Void> {
  @Override
  public Void run(TaskScope scope) {
    return null;
  }
}
