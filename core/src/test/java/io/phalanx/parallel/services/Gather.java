package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@code count} calls that the service only answers once all of them are waiting in the parent: the task gets
 * its answers only if every call is in flight at the same time.
 */
public record Gather(int count) implements Task<List<Integer>> {

  @Override
  public List<Integer> run(TaskScope scope) {
    GreetingService service = scope.service(GreetingService.class);
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(service.gathered(i, count));
    }
    scope.await(Future.all(calls));
    List<Integer> answers = new ArrayList<>();
    for (Future<Integer> call : calls) {
      answers.add(call.result());
    }
    return answers;
  }
}
