package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** Makes {@code count} calls of {@code echoLater(payload, millis)} at once and waits for every answer. */
public record CallMany(int count, String payload, long millis) implements Task<Integer> {
  @Override
  public Integer run(TaskScope scope) {
    GreetingService service = scope.service(GreetingService.class);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(service.echoLater(payload, millis));
    }
    scope.await(Future.all(calls));
    int total = 0;
    for (Future<String> call : calls) {
      total += call.result().length();
    }
    return total;
  }
}
