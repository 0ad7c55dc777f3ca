package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Greets through the parent's {@link GreetingService}. */
public record Greet(String name) implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    return scope.await(scope.service(GreetingService.class).greet(name));
  }
}
