package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Where the worker's local {@link Birthplace} was built, and where the task runs: [built, running]. */
public record LocalBirthplace() implements Task<long[]> {

  @Override
  public long[] run(TaskScope scope) {
    return new long[] {scope.service(Birthplace.class).pid(), ProcessHandle.current().pid()};
  }
}
