package io.phalanx.parallel.worker.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.serviceproxy.ServiceException;

/** Asks {@link EchoService#length}; answers the class and value it got, or the failure it caught. */
public record LengthOf(String text) implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    try {
      Object length = scope.await(scope.service(EchoService.class).length(text));
      return length.getClass().getName() + " " + length;
    } catch (ServiceException e) {
      return "failed " + e.failureCode() + " " + e.getMessage();
    }
  }
}
