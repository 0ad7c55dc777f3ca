package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Lets the failure of a service call escape the task. */
public record Uncaught(int code, String message) implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    scope.await(scope.service(GreetingService.class).fail(code, message));
    return "no failure";
  }
}
