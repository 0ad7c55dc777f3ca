package io.phalanx.parallel.cluster.tasks;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** Answers the node of the worker that ran it and the node whose {@link NodeNameService} answered its call. */
public record AskNode() implements Task<AskNode.Answer> {

  public record Answer(String worker, String service) {
  }

  @Override
  public Answer run(TaskScope scope) {
    String service = scope.await(scope.service(NodeNameService.class).name());
    return new Answer(System.getProperty("phalanx.node"), service);
  }
}
