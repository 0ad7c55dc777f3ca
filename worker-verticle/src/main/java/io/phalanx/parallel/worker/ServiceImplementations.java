package io.phalanx.parallel.worker;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.function.Function;

/**
 * Turns the implementation class of a registered service into the factory that builds it: its constructor
 * {@code (Vertx, JsonObject)} (which receives the registration's settings), else {@code (Vertx)}, else {@code ()}.
 * The class and the constructor should be public; a package-private one (a test's nested class) is opened with
 * reflection where the module system allows it. Everything that can be checked without building an instance is
 * checked here, so that a wrong registration fails the supervisor's start with a message naming it.
 */
final class ServiceImplementations {

  private ServiceImplementations() {
  }

  /**
   * @param spec   the registration
   * @param type   its type, loaded
   * @param loader where to find the implementation
   * @return builds a new instance from the process's Vert.x
   * @throws IllegalArgumentException naming the registration: no such class, not a concrete class implementing the
   *                                  type, no usable constructor, or settings but no constructor to receive them
   */
  static <S> Function<Vertx, S> factory(ServiceSpec spec, Class<S> type, ClassLoader loader) {
    String name = spec.implementation();
    Class<?> implementation;
    try {
      implementation = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(spec.origin() + ": implementation class " + name
        + " not found on the class path", e);
    }
    if (!type.isAssignableFrom(implementation)) {
      throw new IllegalArgumentException(spec.origin() + ": implementation class " + name + " does not implement "
        + type.getName());
    }
    if (implementation.isInterface() || Modifier.isAbstract(implementation.getModifiers())) {
      throw new IllegalArgumentException(spec.origin() + ": implementation class " + name
        + " is abstract: it cannot be built");
    }
    Constructor<?> withConfig = constructor(implementation, Vertx.class, JsonObject.class);
    Constructor<?> withVertx = constructor(implementation, Vertx.class);
    Constructor<?> plain = constructor(implementation);
    if (withConfig == null && !spec.config().isEmpty()) {
      throw new IllegalArgumentException(spec.origin() + " has settings, but its implementation class " + name
        + " has no constructor (Vertx, JsonObject) to receive them");
    }
    if (withConfig == null && withVertx == null && plain == null) {
      throw new IllegalArgumentException(spec.origin() + ": implementation class " + name + " needs a "
        + "constructor (Vertx, JsonObject), (Vertx) or ()" + (implementation.isMemberClass()
        && !Modifier.isStatic(implementation.getModifiers()) ? ", and a nested class must be static" : ""));
    }
    JsonObject config = spec.config();
    return vertx -> {
      Object instance;
      try {
        instance = withConfig != null ? withConfig.newInstance(vertx, config.copy())
          : withVertx != null ? withVertx.newInstance(vertx) : plain.newInstance();
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new IllegalArgumentException(spec.origin() + ": the constructor of " + name + " failed: " + cause, cause);
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new IllegalArgumentException(spec.origin() + ": " + name + " could not be built: " + e, e);
      }
      return type.cast(instance);
    };
  }

  private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
    Constructor<?> constructor;
    try {
      constructor = type.getDeclaredConstructor(parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
    if (Modifier.isPrivate(constructor.getModifiers())) {
      return null;
    }
    // a test's package-private nested class; where a module does not open its package, only a public constructor
    // of a public class can be called, and newInstance says so
    constructor.trySetAccessible();
    return constructor;
  }
}
