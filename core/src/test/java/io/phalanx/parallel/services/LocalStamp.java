package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Reports the worker's local {@link PidStamp} next to the pid the task runs in. */
public record LocalStamp() implements Task<LocalStamp.Report> {

  public record Report(long stampPid, String stampThread, long taskPid, boolean sameInstance) {
  }

  @Override
  public Report run(TaskScope scope) {
    PidStamp stamp = scope.service(PidStamp.class);
    return new Report(stamp.pid(), stamp.thread(), ProcessHandle.current().pid(),
      stamp == scope.service(PidStamp.class));
  }
}
