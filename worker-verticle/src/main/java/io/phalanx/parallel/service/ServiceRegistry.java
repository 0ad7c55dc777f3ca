package io.phalanx.parallel.service;

import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Vertx;

import java.util.function.Function;

/**
 * Where a {@link ServiceBundle} declares its services. Each type may be declared once across all bundles of a pool,
 * and each parent address once.
 */
public interface ServiceRegistry {

  /**
   * Declares a service built in every process: in the parent when the supervisor starts, and in each worker JVM when
   * it starts, before it runs any task. A task gets its worker's instance; calls never leave the worker. The
   * instance is shared by the tasks of its worker (one at a time) and by the worker's event loop: make it
   * thread-safe if it keeps state.
   * <p>
   * A parent-side instance that implements {@link AutoCloseable} is closed when the supervisor stops.
   *
   * @param type    the type tasks ask for with {@link TaskScope#service(Class)}
   * @param factory builds the instance from the process's own Vert.x; runs on an event loop, so it must not block
   * @param <S>     the service type
   * @return this registry
   */
  <S> ServiceRegistry local(Class<S> type, Function<Vertx, ? extends S> factory);

  /**
   * Declares a service that lives only in the parent. {@code type} is an interface annotated with
   * {@code @ProxyGen} (with a {@code package-info.java} carrying {@code @ModuleGen}), compiled with the Vert.x
   * Codegen processor so that {@code <type>VertxEBProxy} and {@code <type>VertxProxyHandler} exist.
   * <p>
   * When the supervisor starts, {@code factory} builds the implementation (in the parent only, on the context its
   * calls will run on: never the supervisor's, see {@link ServiceBundle#blocking()}) and it is bound with
   * {@code ServiceBinder} to {@code address}; when the supervisor stops it is
   * unbound, and closed if it implements {@link AutoCloseable}. In a worker, {@link TaskScope#service(Class)}
   * returns the generated proxy: each call is an event-bus request that the worker forwards to the parent, which
   * sends it on to {@code address} and returns the reply.
   *
   * @param type    the {@code @ProxyGen} interface
   * @param address the event-bus address of the service in the parent; the only addresses a worker can reach
   * @param factory builds the implementation from the parent's Vert.x; never called in a worker
   * @param <S>     the service type
   * @return this registry
   */
  <S> ServiceRegistry parent(Class<S> type, String address, Function<Vertx, ? extends S> factory);
}
