package io.phalanx.parallel.worker.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Asks for a service no bundle declares. */
public record Undeclared() implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    return String.valueOf(scope.service(Runnable.class));
  }
}
