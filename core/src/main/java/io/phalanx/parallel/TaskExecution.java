package io.phalanx.parallel;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * One task sent with {@link Parallel#submit}: its result, its progress updates and a way to cancel it. Handlers run on
 * the context that submitted the task.
 *
 * @param <R> the result type
 */
public interface TaskExecution<R> {

  /**
   * @return the task's result; fails with {@link TaskCancelledException} (408) once the task is cancelled
   */
  Future<R> result();

  /**
   * Receives the task's progress updates ({@code scope.progress(update)} in the worker), in order, every one before
   * the result completes. Updates arrive as JSON values: {@code JsonObject}, {@code JsonArray}, {@code String},
   * {@code Number}, {@code Boolean} or {@code null}.
   */
  TaskExecution<R> progressHandler(Handler<Object> handler);

  /**
   * Receives the task's progress updates read into {@code type} (a record, for example).
   */
  <P> TaskExecution<R> progressHandler(Class<P> type, Handler<P> handler);

  /**
   * Cancels the task. A task still waiting in a mailbox leaves it and never runs. A running task sees
   * {@code TaskScope.isCancelled()} turn true and its thread interrupted; if it has not stopped after the pool's
   * cancel grace period, its worker is killed and restarted. Either way the result fails with
   * {@link TaskCancelledException}.
   *
   * @return completes once the task is neither waiting nor running any more: {@code true} if it was cancelled,
   * {@code false} if it had already finished
   */
  Future<Boolean> cancel();
}
