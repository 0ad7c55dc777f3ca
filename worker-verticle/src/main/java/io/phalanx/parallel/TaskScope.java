package io.phalanx.parallel;

import io.vertx.core.Vertx;

/**
 * What a running task sees of its worker.
 */
public interface TaskScope {

  /**
   * Returns a service available to tasks.
   *
   * @param type the service interface
   * @param <S>  the service type
   * @return the service
   * @throws IllegalArgumentException when no service of that type is available in this worker
   */
  <S> S service(Class<S> type);

  /**
   * Sends a progress update for the running task to the caller. Updates are delivered in order, all before the
   * result. The update must be serializable to JSON.
   *
   * @param update the update
   */
  void progress(Object update);

  /**
   * @return {@code true} once the caller has cancelled this task; a long task should check it and stop early
   */
  boolean isCancelled();

  /**
   * @return the id of the worker running the task, for example {@code worker-0}
   */
  String workerId();

  /**
   * @return the worker's own Vert.x instance (not the parent's)
   */
  Vertx vertx();
}
