package io.phalanx.parallel.impl.client;

import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.TaskOptions;
import io.phalanx.parallel.task.Task;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

/**
 * A task of a batch operation handed to a pool of the same Vert.x directly (see {@link LocalPools}). Its result and
 * its cancellation complete on the context that started it, as those of an execution over the event bus do. It
 * delivers no progress: the batch operations ask for none.
 * <p>
 * It has no request id: the pool keeps it under a key only this object holds, so nothing sent on the event bus (a
 * {@code .cancel} request guessing ids included) can cancel it.
 */
final class LocalTaskExecution<R> implements TaskExecution<R> {

  private final LocalPools.Entry pool;
  private final ContextInternal context;
  /** What the pool finds the task by to cancel it: equal to nothing but itself. */
  private final Object cancelKey = new Object();
  private final Future<R> result;

  LocalTaskExecution(ParallelImpl parallel, LocalPools.Entry pool, Task<R> task) {
    this.pool = pool;
    this.context = (ContextInternal) parallel.vertx().getOrCreateContext();
    this.result = parallel.submitLocally(pool, task, TaskOptions.DEFAULT_TIMEOUT, cancelKey);
  }

  @Override
  public Future<R> result() {
    return result;
  }

  @Override
  public TaskExecution<R> progressHandler(Handler<Object> handler) {
    return this;
  }

  @Override
  public <P> TaskExecution<R> progressHandler(Class<P> type, Handler<P> handler) {
    return this;
  }

  /**
   * Runs on the pool's context after the submission, which was queued there first from this same context.
   */
  @Override
  public Future<Boolean> cancel() {
    Promise<Boolean> cancelled = context.promise();
    pool.context().runOnContext(v -> pool.pool().cancel(cancelKey).onComplete(cancelled));
    return cancelled.future();
  }
}
