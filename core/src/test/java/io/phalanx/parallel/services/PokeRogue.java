package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.serviceproxy.ServiceException;

/** Calls the rogue service, which the worker believes in and the parent does not allow. */
public record PokeRogue() implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    try {
      return "answered " + scope.await(scope.service(RogueService.class).poke());
    } catch (ServiceException e) {
      return e.failureCode() + " " + e.getMessage();
    }
  }
}
