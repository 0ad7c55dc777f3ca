package io.phalanx.parallel.impl;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.vertx.core.Future;

/**
 * Where the outcome of one accepted task goes (the event-bus reply, in practice). Called once, on the supervisor's
 * context.
 */
public interface TaskOutcome {

  void succeeded(TaskValue result);

  void failed(ParallelException failure);

  /**
   * A progress update of the running task; never called after the outcome.
   *
   * @return completes once the update has been handed on (its receiver acknowledged it), or could not be: until
   * then the task's next updates wait, the newest replacing the others, so that a task cannot queue updates without
   * bound in the parent
   */
  default Future<Void> progress(TaskValue update) {
    return Future.succeededFuture();
  }
}
