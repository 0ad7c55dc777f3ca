package io.phalanx.parallel.fuzzbait;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * A task outside the fuzz pool's allowed package: the pool must refuse it without loading it, let alone initialising
 * it (its initialiser leaves a mark that the test looks for).
 */
public record OutsideTask(int value) implements Task<Integer> {

  public static final String INITIALISED = "phalanx.fuzzbait.OutsideTask.initialised";

  static {
    System.setProperty(INITIALISED, "true");
  }

  @Override
  public Integer run(TaskScope scope) {
    return value;
  }
}
