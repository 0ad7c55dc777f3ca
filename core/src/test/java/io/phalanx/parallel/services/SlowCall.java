package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.serviceproxy.ServiceException;

/**
 * Calls {@link GreetingService#slow}; while the task thread waits, counts the ticks of a timer on the worker's event
 * loop (which keeps running).
 */
public record SlowCall(long millis) implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic.AtomicInteger();
    long timer = scope.vertx().setPeriodic(20, id -> ticks.incrementAndGet());
    try {
      String answer = scope.await(scope.service(GreetingService.class).slow(millis));
      return "answered '" + answer + "' after ticks " + ticks.get();
    } catch (ServiceException e) {
      return e.failureCode() + " " + e.getMessage();
    } finally {
      scope.vertx().cancelTimer(timer);
    }
  }
}
