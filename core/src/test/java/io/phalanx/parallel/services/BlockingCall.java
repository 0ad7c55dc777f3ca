package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Calls the blocking service method. */
public record BlockingCall(long millis) implements Task<String> {
  @Override
  public String run(TaskScope scope) {
    return scope.await(scope.service(GreetingService.class).block(millis));
  }
}
