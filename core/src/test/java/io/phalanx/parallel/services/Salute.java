package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Salutes through the parent's {@link Salutation}; reports the answer and where the call ran. */
public record Salute(String name) implements Task<Salute.Answer> {

  public record Answer(String salute, String where, long taskPid) {
  }

  @Override
  public Answer run(TaskScope scope) {
    Salutation salutation = scope.service(Salutation.class);
    return new Answer(scope.await(salutation.salute(name)), scope.await(salutation.where()),
      ProcessHandle.current().pid());
  }
}
