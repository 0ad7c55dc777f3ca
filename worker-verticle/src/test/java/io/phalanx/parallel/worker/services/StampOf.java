package io.phalanx.parallel.worker.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Returns the worker's local {@link Stamp} service. */
public record StampOf() implements Task<Stamp> {

  @Override
  public Stamp run(TaskScope scope) {
    return scope.service(Stamp.class);
  }
}
