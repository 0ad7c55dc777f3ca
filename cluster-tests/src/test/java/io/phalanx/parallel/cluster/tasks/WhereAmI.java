package io.phalanx.parallel.cluster.tasks;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Sleeps, then answers the name of the node whose worker ran it. */
public record WhereAmI(long millis) implements Task<String> {

  @Override
  public String run(TaskScope scope) throws InterruptedException {
    Thread.sleep(millis);
    return System.getProperty("phalanx.node");
  }
}
