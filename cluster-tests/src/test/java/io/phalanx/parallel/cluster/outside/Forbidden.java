package io.phalanx.parallel.cluster.outside;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A valid task outside the package the test pools allow: no request may name it. */
public record Forbidden() implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    return "should never run";
  }
}
