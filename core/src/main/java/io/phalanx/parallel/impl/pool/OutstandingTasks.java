package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The tasks a pool was given and has not answered yet, counted on the pool's context, and its workers less those
 * tasks, which any thread may read: a client on another context uses it to tell whether a task given to this pool
 * would likely start at once, and which of several pools has the fewest tasks waiting.
 */
final class OutstandingTasks {

  private final IntSupplier workers;
  private int count;
  /** Written without a fence: a reader a moment late only picks a pool a little less well. */
  private final AtomicInteger idle = new AtomicInteger();

  OutstandingTasks(IntSupplier workers) {
    this.workers = workers;
  }

  /**
   * @return the workers less the tasks given and not answered (negative while tasks wait for a worker), as of the
   *         last task given or answered, or the last {@link #publish}
   */
  int idleWorkers() {
    return idle.get();
  }

  /** Publishes the count against the pool's workers now: once they are known, before any task. */
  void publish() {
    idle.lazySet(workers.getAsInt() - count);
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
    publish();
  }
}
