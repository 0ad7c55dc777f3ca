package io.phalanx.parallel.worker;

import io.phalanx.parallel.ServiceBundle;
import io.phalanx.parallel.ServiceRegistry;
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
 * The services that the {@link ServiceBundle}s of a pool declare, loaded the same way in the parent and in each
 * worker JVM: every bundle class is loaded (and must implement {@code ServiceBundle}) before it is initialized, created
 * with its public no-arg constructor, and asked to {@link ServiceBundle#register register}.
 */
public final class ServiceDeclarations {

  /** The suffix of the proxy class Vert.x Codegen generates for a {@code @ProxyGen} interface. */
  public static final String PROXY_SUFFIX = "VertxEBProxy";
  /** The suffix of the proxy handler class Vert.x Codegen generates for a {@code @ProxyGen} interface. */
  public static final String HANDLER_SUFFIX = "VertxProxyHandler";

  /** A service built in every process. */
  public record Local<S>(Class<S> type, Function<Vertx, ? extends S> factory, String bundle) {

    public S build(Vertx vertx) {
      S instance;
      try {
        instance = factory.apply(vertx);
      } catch (RuntimeException | Error e) {
        throw new IllegalArgumentException("local service " + type.getName() + " of service bundle " + bundle
          + " could not be built: " + e, e);
      }
      if (!type.isInstance(instance)) {
        throw new IllegalArgumentException("the factory of local service " + type.getName() + " of service bundle "
          + bundle + " returned " + (instance == null ? "null" : "a " + instance.getClass().getName()));
      }
      return instance;
    }
  }

  /**
   * A service whose implementation lives in the parent, on an event-bus address.
   *
   * @param blocking whether its bundle declares its implementations blocking ({@link ServiceBundle#blocking()})
   */
  public record Parent<S>(Class<S> type, String address, Function<Vertx, ? extends S> factory, String bundle,
                          boolean blocking) {

    /**
     * Builds the implementation; only ever called in the parent.
     */
    public S build(Vertx vertx) {
      S instance;
      try {
        instance = factory.apply(vertx);
      } catch (RuntimeException | Error e) {
        throw new IllegalArgumentException("parent service " + type.getName() + " of service bundle " + bundle
          + " could not be built: " + e, e);
      }
      if (!type.isInstance(instance)) {
        throw new IllegalArgumentException("the factory of parent service " + type.getName() + " of service bundle "
          + bundle + " returned " + (instance == null ? "null" : "a " + instance.getClass().getName()));
      }
      return instance;
    }
  }

  public static final ServiceDeclarations NONE = new ServiceDeclarations(List.of(), List.of(), List.of());

  private final List<String> bundles;
  private final List<Local<?>> locals;
  private final List<Parent<?>> parents;
  private final Set<String> parentAddresses;

  private ServiceDeclarations(List<String> bundles, List<Local<?>> locals, List<Parent<?>> parents) {
    this.bundles = List.copyOf(bundles);
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
    if (bundleClassNames.isEmpty()) {
      return NONE;
    }
    Collector collector = new Collector();
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
    return new ServiceDeclarations(bundleClassNames, collector.locals, new ArrayList<>(collector.parents.values()));
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
    private String bundle;
    private boolean blocking;
    private final List<Local<?>> locals = new ArrayList<>();
    private final Map<Class<?>, Parent<?>> parents = new LinkedHashMap<>();
    private final Map<Class<?>, String> declaredBy = new LinkedHashMap<>();
    private final Map<String, Parent<?>> byAddress = new LinkedHashMap<>();

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
        throw new IllegalArgumentException("service bundle " + bundle + " declares parent service " + type.getName()
          + " with a blank address");
      }
      if (!type.isInterface()) {
        throw new IllegalArgumentException("service bundle " + bundle + " declares parent service " + type.getName()
          + ", which is not an interface: a parent service is a @ProxyGen interface");
      }
      Parent<?> sameAddress = byAddress.get(address);
      if (sameAddress != null) {
        throw new IllegalArgumentException("service bundle " + bundle + " declares parent service " + type.getName()
          + " on address '" + address + "', which parent service " + sameAddress.type().getName()
          + " of service bundle " + sameAddress.bundle() + " already uses");
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
      Objects.requireNonNull(type, () -> "service bundle " + bundle + " declares a service of type null");
      Objects.requireNonNull(factory, () -> "service bundle " + bundle + " declares service " + type.getName()
        + " without a factory");
    }

    private void declare(Class<?> type) {
      String earlier = declaredBy.putIfAbsent(type, bundle);
      if (earlier != null) {
        throw new IllegalArgumentException("service bundle " + bundle + " declares service " + type.getName()
          + ", which service bundle " + earlier + " already declares");
      }
    }

    private void requireGenerated(Class<?> type, String suffix) {
      String name = type.getName() + suffix;
      try {
        Class.forName(name, false, type.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException("service bundle " + bundle + " declares parent service " + type.getName()
          + ", but its generated class " + name + " does not exist: annotate the interface with @ProxyGen, put a "
          + "package-info.java with @ModuleGen in its package and compile it with the Vert.x Codegen processor "
          + "(io.vertx:vertx-codegen:processor and io.vertx:vertx-service-proxy in annotationProcessorPaths)");
      }
    }
  }
}
