package io.phalanx.parallel.impl.unitfixtures;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A well-formed task: a record of plain data. */
public record Greet(String name, int times) implements Task<String> {
  @Override
  public String run(TaskScope scope) {
    return ("hello " + name + " ").repeat(times).trim();
  }
}
