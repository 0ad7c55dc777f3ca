package io.phalanx.parallel.worker;

import io.phalanx.parallel.service.ServiceBundle;
import io.phalanx.parallel.service.ServiceRegistry;
import io.vertx.core.Vertx;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The services of a pool, loaded the same way in the parent and in each worker JVM: those registered one by one
 * ({@link ServiceSpec}: {@code ParallelConfig.addParentService} and {@code addLocalService}), then those the
 * {@link ServiceBundle}s declare. Every bundle class is loaded (and must implement {@code ServiceBundle}) before it is
 * initialized, created with its public no-arg constructor, and asked to {@link ServiceBundle#register register}.
 */
public final class ServiceDeclarations {

  /** The suffix of the proxy class Vert.x Codegen generates for a {@code @ProxyGen} interface. */
  public static final String PROXY_SUFFIX = "VertxEBProxy";
  /** The suffix of the proxy handler class Vert.x Codegen generates for a {@code @ProxyGen} interface. */
  public static final String HANDLER_SUFFIX = "VertxProxyHandler";

  /**
   * A service built in every process.
   *
   * @param bundle the class name of the bundle that declares it; {@code null} for a service registered by itself
   */
  public record Local<S>(Class<S> type, Function<Vertx, ? extends S> factory, String bundle) {

    public S build(Vertx vertx) {
      return ServiceDeclarations.build("local service", type, factory, bundle, vertx);
    }
  }

  /**
   * A service whose implementation lives in the parent, on an event-bus address.
   *
   * @param bundle   the class name of the bundle that declares it; {@code null} for a service registered by itself
   * @param blocking whether its implementation blocks ({@link ServiceBundle#blocking()}, or the registration's flag)
   */
  public record Parent<S>(Class<S> type, String address, Function<Vertx, ? extends S> factory, String bundle,
                          boolean blocking) {

    /**
     * Builds the implementation; only ever called in the parent.
     */
    public S build(Vertx vertx) {
      return ServiceDeclarations.build("parent service", type, factory, bundle, vertx);
    }

    /** Where it was declared, for messages: {@code service bundle com.acme.Bundle} or {@code ParallelConfig}. */
    public String source() {
      return ServiceDeclarations.source(bundle);
    }

    /** The services that share a context in the parent: those of one bundle; a registered service has its own. */
    public String group() {
      return bundle != null ? "bundle " + bundle : "address " + address;
    }
  }

  private static <S> S build(String kind, Class<S> type, Function<Vertx, ? extends S> factory, String bundle,
                             Vertx vertx) {
    String what = kind + " " + type.getName() + (bundle != null ? " of service bundle " + bundle : "");
    S instance;
    try {
      instance = factory.apply(vertx);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(kind + " " + type.getName())) {
        throw e;
      }
      throw new IllegalArgumentException(what + " could not be built: " + e, e);
    } catch (RuntimeException | Error e) {
      throw new IllegalArgumentException(what + " could not be built: " + e, e);
    }
    if (!type.isInstance(instance)) {
      throw new IllegalArgumentException("the factory of " + what + " returned "
        + (instance == null ? "null" : "a " + instance.getClass().getName()));
    }
    return instance;
  }

  private static String source(String bundle) {
    return bundle != null ? "service bundle " + bundle : "ParallelConfig";
  }

  public static final ServiceDeclarations NONE = new ServiceDeclarations(List.of(), List.of(), List.of(), List.of());

  private final List<String> bundles;
  private final List<ServiceSpec> registered;
  private final List<Local<?>> locals;
  private final List<Parent<?>> parents;
  private final Set<String> parentAddresses;

  private ServiceDeclarations(List<String> bundles, List<ServiceSpec> registered, List<Local<?>> locals,
                              List<Parent<?>> parents) {
    this.bundles = List.copyOf(bundles);
    this.registered = List.copyOf(registered);
    this.locals = List.copyOf(locals);
    this.parents = List.copyOf(parents);
    Set<String> addresses = new LinkedHashSet<>();
    parents.forEach(p -> addresses.add(p.address()));
    this.parentAddresses = Collections.unmodifiableSet(addresses);
  }

  /**
   * Loads the bundles and collects what they declare.
   *
   * @param bundleClassNames the bundles' class names, in order
   * @param loader           where to find them
   * @throws IllegalArgumentException naming the bundle: unknown class, not a {@code ServiceBundle}, no public no-arg
   *                                  constructor, a constructor or {@code register} that throws, a bad or duplicate
   *                                  declaration, or a parent service without generated proxy classes
   */
  public static ServiceDeclarations load(List<String> bundleClassNames, ClassLoader loader) {
    return load(bundleClassNames, List.of(), loader);
  }

  /**
   * Loads the services registered one by one, then the bundles, and collects what they declare.
   *
   * @param registered the services registered by themselves, in order
   * @throws IllegalArgumentException naming the bundle or the registration: see {@link #load(List, ClassLoader)};
   *                                  also an unknown type, or an implementation that cannot be built
   *                                  ({@link ServiceImplementations})
   */
  public static ServiceDeclarations load(List<String> bundleClassNames, List<ServiceSpec> registered,
                                         ClassLoader loader) {
    if (bundleClassNames.isEmpty() && registered.isEmpty()) {
      return NONE;
    }
    Collector collector = new Collector();
    for (ServiceSpec spec : registered) {
      collector.register(spec, loader);
    }
    for (String name : bundleClassNames) {
      ServiceBundle bundle = instantiate(name, loader);
      collector.bundle = name;
      collector.blocking = bundle.blocking();
      try {
        bundle.register(collector);
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().contains("service bundle " + name)) {
          throw e;
        }
        throw new IllegalArgumentException("service bundle " + name + " failed to register its services: " + e, e);
      } catch (RuntimeException | LinkageError e) {
        throw new IllegalArgumentException("service bundle " + name + " failed to register its services: " + e, e);
      }
    }
    return new ServiceDeclarations(bundleClassNames, registered, collector.locals,
      new ArrayList<>(collector.parents.values()));
  }

  private static ServiceBundle instantiate(String name, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("service bundle class " + name + " not found on the class path "
        + "(ParallelConfig.setServiceBundles)", e);
    }
    if (!ServiceBundle.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("service bundle class " + name + " does not implement "
        + ServiceBundle.class.getName() + " (ParallelConfig.setServiceBundles)");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException("service bundle class " + name + " is abstract: it cannot be instantiated");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("service bundle class " + name + " has no public no-arg constructor", e);
    }
    try {
      return (ServiceBundle) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("service bundle " + name + " could not be created: " + e.getCause(),
        e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new IllegalArgumentException("service bundle " + name + " could not be created: " + e, e);
    }
  }

  public List<String> bundles() {
    return bundles;
  }

  /** The services registered by themselves, as given. */
  public List<ServiceSpec> registered() {
    return registered;
  }

  public List<Local<?>> locals() {
    return locals;
  }

  public List<Parent<?>> parents() {
    return parents;
  }

  /**
   * @return the addresses of the parent services: the only addresses a worker may reach
   */
  public Set<String> parentAddresses() {
    return parentAddresses;
  }

  public boolean isEmpty() {
    return locals.isEmpty() && parents.isEmpty();
  }

  /** The registry a bundle sees; checks each declaration as it comes. */
  private static final class Collector implements ServiceRegistry {
    /** The bundle declaring, or {@code null} while the services registered by themselves are added. */
    private String bundle;
    private boolean blocking;
    private final List<Local<?>> locals = new ArrayList<>();
    private final Map<Class<?>, Parent<?>> parents = new LinkedHashMap<>();
    private final Map<Class<?>, String> declaredBy = new LinkedHashMap<>();
    private final Map<String, Parent<?>> byAddress = new LinkedHashMap<>();

    /** Adds a service registered by itself: its type is loaded, and in the parent its implementation checked. */
    void register(ServiceSpec spec, ClassLoader loader) {
      bundle = null;
      blocking = spec.blocking();
      Class<?> type;
      try {
        type = Class.forName(spec.type(), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(spec.origin() + ": class " + spec.type() + " not found on the class path",
          e);
      }
      declareRegistered(spec, type, loader);
    }

    private <S> void declareRegistered(ServiceSpec spec, Class<S> type, ClassLoader loader) {
      // a worker never builds a parent service: it knows the type and the address, not the implementation
      Function<Vertx, S> factory = spec.implementation() != null ? ServiceImplementations.factory(spec, type, loader)
        : vertx -> {
          throw new IllegalStateException(spec.origin() + " is built in the parent only");
        };
      if (spec.parent()) {
        parent(type, spec.address(), factory);
      } else {
        local(type, factory);
      }
    }

    private String origin() {
      return source(bundle);
    }

    @Override
    public <S> ServiceRegistry local(Class<S> type, Function<Vertx, ? extends S> factory) {
      check(type, factory);
      declare(type);
      locals.add(new Local<>(type, factory, bundle));
      return this;
    }

    @Override
    public <S> ServiceRegistry parent(Class<S> type, String address, Function<Vertx, ? extends S> factory) {
      check(type, factory);
      if (address == null || address.isBlank()) {
        throw new IllegalArgumentException(origin() + " declares parent service " + type.getName()
          + " with a blank address");
      }
      if (!type.isInterface()) {
        throw new IllegalArgumentException(origin() + " declares parent service " + type.getName()
          + ", which is not an interface: a parent service is a @ProxyGen interface");
      }
      Parent<?> sameAddress = byAddress.get(address);
      if (sameAddress != null) {
        throw new IllegalArgumentException(origin() + " declares parent service " + type.getName()
          + " on address '" + address + "', which parent service " + sameAddress.type().getName()
          + " of " + sameAddress.source() + " already uses");
      }
      requireGenerated(type, PROXY_SUFFIX);
      requireGenerated(type, HANDLER_SUFFIX);
      declare(type);
      Parent<S> parent = new Parent<>(type, address, factory, bundle, blocking);
      parents.put(type, parent);
      byAddress.put(address, parent);
      return this;
    }

    private void check(Class<?> type, Function<Vertx, ?> factory) {
      Objects.requireNonNull(type, () -> origin() + " declares a service of type null");
      Objects.requireNonNull(factory, () -> origin() + " declares service " + type.getName() + " without a factory");
    }

    private void declare(Class<?> type) {
      String earlier = declaredBy.putIfAbsent(type, origin());
      if (earlier != null) {
        throw new IllegalArgumentException(origin() + " declares service " + type.getName() + ", which " + earlier
          + " already declares");
      }
    }

    private void requireGenerated(Class<?> type, String suffix) {
      String name = type.getName() + suffix;
      try {
        Class.forName(name, false, type.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(origin() + " declares parent service " + type.getName()
          + ", but its generated class " + name + " does not exist: annotate the interface with @ProxyGen, put a "
          + "package-info.java with @ModuleGen in its package and compile it with the Vert.x Codegen processor "
          + "(io.vertx:vertx-codegen:processor and io.vertx:vertx-service-proxy in annotationProcessorPaths)");
      }
    }
  }
}
