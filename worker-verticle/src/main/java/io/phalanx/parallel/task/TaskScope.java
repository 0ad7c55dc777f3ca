package io.phalanx.parallel.task;

import io.phalanx.parallel.service.ServiceBundle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * What a running task sees of its worker.
 */
public interface TaskScope {

  /**
   * Returns a service of the pool (registered with {@code ParallelConfig.addParentService} or {@code addLocalService},
   * or declared by a {@link ServiceBundle}): the worker's own instance of a local service, or, for a service that lives
   * in the parent, the proxy Vert.x Codegen generated for its {@code @ProxyGen} interface, whose calls carry the task's
   * {@link #traceContext() trace context}. Its methods return futures; wait for one with {@link #await(Future)}. A
   * failed call fails with {@code io.vertx.serviceproxy.ServiceException} ({@code failureCode()},
   * {@code getMessage()}).
   *
   * @param type the service interface
   * @param <S>  the service type
   * @return the service
   * @throws IllegalArgumentException when no service of that type is available in this worker
   */
  <S> S service(Class<S> type);

  /**
   * Waits on the task's thread for a future, typically a call to a parent service, and returns its result. Only the
   * task thread waits: the worker's event loop, which receives the reply, stays free, so a task may start many calls
   * and then wait for them together ({@code scope.await(Future.all(calls))}). The same as {@code future.await()}.
   *
   * @param future what to wait for
   * @param <T>    the result type
   * @return the result
   * @throws RuntimeException the future's failure as it is (a {@code ServiceException} for a failed service call),
   *                          or an {@code InterruptedException} thrown unchecked when the task is cancelled meanwhile
   */
  default <T> T await(Future<T> future) {
    return future.await();
  }

  /**
   * Sends a progress update for the running task to the caller. Updates are delivered in order, all before the
   * result. The update must be serializable to JSON. Any thread of the task may send them while it runs; once the task
   * has returned, a thread it left behind gets an {@link IllegalStateException} instead.
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

  /**
   * The trace context of this task: the propagation headers of the span the parent opened for it, as its Vert.x
   * tracer wrote them (with OpenTelemetry's default propagators, W3C {@code traceparent} and {@code tracestate}).
   * A span the task opens as a child of this context joins the caller's trace, for example with OpenTelemetry:
   * {@code W3CTraceContextPropagator.getInstance().extract(Context.root(), scope.traceContext(), getter)}.
   * The calls the task makes through {@link #service(Class) parent-service proxies} carry it already.
   *
   * @return the headers, read-only; empty when the task is not traced (no tracer in the parent, or the pool's
   * tracing policy left it out)
   */
  default Map<String, String> traceContext() {
    return Map.of();
  }
}
