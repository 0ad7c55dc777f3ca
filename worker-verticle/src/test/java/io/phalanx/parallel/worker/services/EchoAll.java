package io.phalanx.parallel.worker.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** Calls {@link EchoService#echo} once per text, all calls in flight at once, and waits for all. */
public record EchoAll(List<String> texts) implements Task<List<String>> {

  @Override
  public List<String> run(TaskScope scope) {
    EchoService echo = scope.service(EchoService.class);
    List<Future<String>> calls = new ArrayList<>();
    for (String text : texts) {
      calls.add(echo.echo(text));
    }
    scope.await(Future.all(calls));
    List<String> answers = new ArrayList<>();
    for (Future<String> call : calls) {
      answers.add(call.result());
    }
    return answers;
  }
}
