package io.phalanx.parallel.service;

import io.phalanx.parallel.task.TaskScope;

/**
 * Declares the services that tasks reach through {@link TaskScope#service(Class)}.
 * <p>
 * A bundle is named by its class name in {@code ParallelConfig.setServiceBundles}. It needs a public no-arg
 * constructor: the supervisor creates one in the parent when it starts, and every worker JVM creates its own when it
 * starts (a bundle that cannot be loaded or that fails there fails the start, naming the bundle). {@link #register}
 * therefore runs in every process and must declare the same services everywhere; the factories decide what is built
 * where:
 * <ul>
 *   <li>{@link ServiceRegistry#local local} services are built in every process, the parent and each worker, from
 *   their factory: a worker's tasks get the worker's own instance, with no round trip;</li>
 *   <li>{@link ServiceRegistry#parent parent} services are {@code @ProxyGen} interfaces whose implementation exists
 *   only in the parent, bound with {@code ServiceBinder} on their address while the supervisor runs. In a worker,
 *   {@code scope.service(type)} returns the proxy Vert.x Codegen generated, on the worker's own event bus; its calls
 *   cross to the parent as {@code service_call} frames. A worker can reach those addresses and no other.</li>
 * </ul>
 *
 * <pre>{@code
 * public class AppServices implements ServiceBundle {
 *   public void register(ServiceRegistry registry) {
 *     registry.local(Hasher.class, vertx -> new Hasher());
 *     registry.parent(ResultStore.class, "app.results", vertx -> new JdbcResultStore(vertx));
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ServiceBundle {

  /**
   * Declares this bundle's services. Called once per process; must not block.
   *
   * @param registry where the services are declared
   */
  void register(ServiceRegistry registry);

  /**
   * Whether the implementations of this bundle's parent services block (JDBC, file I/O, a long computation). The
   * parent runs them on a worker context of their own, one call at a time in order; otherwise on an event-loop
   * context of their own, never the supervisor's. Either way a slow service never delays dispatch, supervision or
   * other workers' tasks.
   *
   * @return {@code false} by default
   */
  default boolean blocking() {
    return false;
  }
}
