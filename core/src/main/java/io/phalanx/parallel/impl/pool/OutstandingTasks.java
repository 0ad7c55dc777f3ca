package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks a pool was given and has not answered yet, counted on the pool's context, and its live workers less those
 * tasks, which any thread may read: a client on another context uses it to tell whether a task given to this pool
 * would likely start at once, and which of several pools has the fewest tasks waiting. A pool whose workers are all
 * down (restarting) has none live, so a client gives it nothing while another pool can take the task.
 */
final class OutstandingTasks {

  /** The pool's workers, those that take tasks now counted. */
  private final List<WorkerHandle> workers;
  private int count;
  /** Written without a fence: a reader a moment late only picks a pool a little less well. */
  private final AtomicInteger idle = new AtomicInteger();

  OutstandingTasks(List<WorkerHandle> workers) {
    this.workers = workers;
  }

  /**
   * @return the live workers less the tasks given and not answered (negative while tasks wait for a worker), as of
   *         the last task given or answered, or the last {@link #publish}
   */
  int idleWorkers() {
    return idle.get();
  }

  /** Publishes the count against the pool's live workers now: whenever a worker comes up or goes down. */
  void publish() {
    int live = 0;
    for (WorkerHandle worker : workers) {
      if (worker.isAccepting()) {
        live++;
      }
    }
    idle.lazySet(live - count);
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
    // counted again each time, a few field reads a worker: a worker also stops taking tasks when it retires or the
    // pool drains, which call nothing back here
    publish();
  }
}
