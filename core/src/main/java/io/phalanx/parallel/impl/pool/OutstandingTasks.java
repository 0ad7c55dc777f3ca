package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.vertx.core.Future;

import java.util.function.IntSupplier;

/**
 * The tasks a pool was given and has not answered yet, counted on the pool's context, and whether they are fewer than
 * its workers, which any thread may read: a client on another context uses it to tell whether a task given to this
 * pool would likely start at once.
 */
final class OutstandingTasks {

  private final IntSupplier workers;
  private int count;
  private volatile boolean belowWorkers = true;

  OutstandingTasks(IntSupplier workers) {
    this.workers = workers;
  }

  /** @return as of the last task given or answered */
  boolean belowWorkers() {
    return belowWorkers;
  }

  /** @return {@code outcome}, with the task counted until it is called (every submission's is, once) */
  TaskOutcome counted(TaskOutcome outcome) {
    change(1);
    return new TaskOutcome() {
      @Override
      public void succeeded(TaskValue result) {
        change(-1);
        outcome.succeeded(result);
      }

      @Override
      public void failed(ParallelException failure) {
        change(-1);
        outcome.failed(failure);
      }

      @Override
      public Future<Void> progress(TaskValue update) {
        return outcome.progress(update);
      }
    };
  }

  private void change(int by) {
    count += by;
    boolean below = count < workers.getAsInt();
    if (below != belowWorkers) {
      belowWorkers = below;
    }
  }
}
