package io.phalanx.parallel.examples.readme;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

import java.time.YearMonth;

/** A stand-in: a README task with progress updates. */
public record BuildReport(YearMonth month) implements Task<Report> {

  @Override
  public Report run(TaskScope scope) {
    scope.progress(new Percent(100));
    return new Report(month.toString());
  }
}
