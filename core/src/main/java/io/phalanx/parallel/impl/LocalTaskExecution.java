package io.phalanx.parallel.impl;

import io.phalanx.parallel.Task;
import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.TaskOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A task of a batch operation handed to a pool of the same Vert.x directly (see {@link LocalPools}). Its result and
 * its cancellation complete on the context that started it, as those of an execution over the event bus do. It
 * delivers no progress: the batch operations ask for none.
 */
final class LocalTaskExecution<R> implements TaskExecution<R> {

  /** Request ids of this JVM's local executions; never of the form of the UUIDs that event-bus callers send. */
  private static final AtomicLong IDS = new AtomicLong();

  private final LocalPools.Entry pool;
  private final ContextInternal context;
  private final String requestId = "local-" + IDS.incrementAndGet();
  private final Future<R> result;

  LocalTaskExecution(ParallelImpl parallel, LocalPools.Entry pool, Task<R> task) {
    this.pool = pool;
    this.context = (ContextInternal) parallel.vertx().getOrCreateContext();
    this.result = parallel.submitLocally(pool, task, TaskOptions.DEFAULT_TIMEOUT, requestId);
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
    pool.context().runOnContext(v -> pool.pool().cancel(requestId).onComplete(cancelled));
    return cancelled.future();
  }
}
