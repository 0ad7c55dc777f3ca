package io.phalanx.parallel.dashboard;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Keeps a worker busy for a while, so the page has something to show. */
public record Busy(long millis) implements Task<Long> {

  @Override
  public Long run(TaskScope scope) throws InterruptedException {
    Thread.sleep(millis);
    return ProcessHandle.current().pid();
  }
}
