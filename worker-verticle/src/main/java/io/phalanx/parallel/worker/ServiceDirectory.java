package io.phalanx.parallel.worker;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.serviceproxy.ServiceProxyBuilder;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The services of one worker JVM, as {@code TaskScope.service(type)} finds them: the worker's own instances of the
 * local services, built when the worker starts, and one generated proxy per parent service, built on first use on the
 * worker's event bus. A proxy's requests go to the {@link ChildServiceBridge}, which forwards them to the parent.
 * Thread-safe.
 */
final class ServiceDirectory {

  /**
   * How much longer than the service call timeout a proxy's own send timeout is: the parent times a call out first,
   * then the bridge; the proxy's timeout only backs them up.
   */
  static final long PROXY_TIMEOUT_MARGIN_MS = 5_000;

  private final Supplier<Vertx> vertx;
  private final String workerId;
  private final ServiceDeclarations declarations;
  private final long callTimeout;
  private final Map<Class<?>, Object> locals;
  private final Map<Class<?>, String> parentAddresses = new HashMap<>();
  private final Map<Class<?>, Object> proxies = new ConcurrentHashMap<>();

  /**
   * Builds the local services now, so that a factory that fails makes the worker fail to start.
   *
   * @param vertx the worker's Vert.x: asked for here only when a bundle declares local services, otherwise on the
   *              first use of a parent service's proxy
   * @throws IllegalArgumentException naming the service and its bundle when a factory fails
   */
  ServiceDirectory(Supplier<Vertx> vertx, String workerId, ServiceDeclarations declarations, long callTimeout) {
    this.vertx = vertx;
    this.workerId = workerId;
    this.declarations = declarations;
    this.callTimeout = callTimeout;
    Map<Class<?>, Object> built = new HashMap<>();
    for (ServiceDeclarations.Local<?> local : declarations.locals()) {
      built.put(local.type(), local.build(vertx.get()));
    }
    this.locals = Map.copyOf(built);
    for (ServiceDeclarations.Parent<?> parent : declarations.parents()) {
      parentAddresses.put(parent.type(), parent.address());
    }
  }

  ServiceDeclarations declarations() {
    return declarations;
  }

  /**
   * @return the local instance, or the shared proxy of a parent service
   * @throws IllegalArgumentException when the pool registers no service of the type
   */
  <S> S service(Class<S> type) {
    return service(type, null);
  }

  /**
   * @param trace the propagation headers a traced task's calls carry: its proxy is then its own, built here with
   *              them as message headers (which cross to the parent in each {@code service_call}); {@code null} for
   *              the shared proxy
   * @return the local instance, or the proxy of a parent service
   * @throws IllegalArgumentException when the pool registers no service of the type
   */
  <S> S service(Class<S> type, Map<String, String> trace) {
    Object local = locals.get(type);
    if (local != null) {
      return type.cast(local);
    }
    String address = parentAddresses.get(type);
    if (address == null) {
      throw new IllegalArgumentException("no service of type " + type.getName() + " is available in " + workerId
        + ": the pool registers none of that type (ParallelConfig.addParentService, addLocalService, "
        + "setServiceBundles" + (declarations.bundles().isEmpty() ? ")" : ": " + declarations.bundles() + ")"));
    }
    if (trace != null) {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(proxyTimeout(callTimeout));
      trace.forEach(options::addHeader);
      return new ServiceProxyBuilder(vertx.get()).setAddress(address).setOptions(options).build(type);
    }
    return type.cast(proxies.computeIfAbsent(type, t -> new ServiceProxyBuilder(vertx.get())
      .setAddress(address)
      .setOptions(new DeliveryOptions().setSendTimeout(proxyTimeout(callTimeout)))
      .build(t)));
  }

  static long proxyTimeout(long callTimeout) {
    return callTimeout > Long.MAX_VALUE - PROXY_TIMEOUT_MARGIN_MS ? Long.MAX_VALUE
      : callTimeout + PROXY_TIMEOUT_MARGIN_MS;
  }
}
