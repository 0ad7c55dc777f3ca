package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.serviceproxy.ServiceException;

/**
 * Calls a failing method and catches the failure: {@code fail} (a ServiceException of the service) or, with
 * {@code plain}, {@code crash} (a plain exception).
 */
public record CatchFailure(int code, String message, boolean plain) implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    GreetingService service = scope.service(GreetingService.class);
    try {
      if (plain) {
        scope.await(service.crash(message));
      } else {
        scope.await(service.fail(code, message));
      }
      return "no failure";
    } catch (ServiceException e) {
      return e.getClass().getSimpleName() + " " + e.failureCode() + " " + e.getMessage();
    }
  }
}
