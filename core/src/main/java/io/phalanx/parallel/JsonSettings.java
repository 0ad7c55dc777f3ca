package io.phalanx.parallel;

import io.vertx.core.json.JsonObject;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a data object's JSON form through its own setters, so that JSON gets exactly the validation a setter call
 * gets, plus what the generated converters skip: a key nobody knows, a value of the wrong JSON type or out of the
 * setter's range is refused naming the key ({@link Checks#jsonValue}) instead of being dropped or narrowed. The keys
 * are the setters' property names, as in the converters' {@code toJson}.
 */
final class JsonSettings {

  /** Per data-object class: its one-argument public setters by JSON key. */
  private static final ClassValue<Map<String, Method>> SETTERS = new ClassValue<>() {
    @Override
    protected Map<String, Method> computeValue(Class<?> type) {
      Map<String, Method> setters = new TreeMap<>();
      for (Method method : type.getMethods()) {
        String name = method.getName();
        if (name.length() > 3 && name.startsWith("set") && method.getParameterCount() == 1
          && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
          setters.put(Character.toLowerCase(name.charAt(3)) + name.substring(4), method);
        }
      }
      return setters;
    }
  };

  private JsonSettings() {
  }

  /**
   * @throws IllegalArgumentException naming the first key that is unknown or whose value is refused
   */
  static void apply(Object target, JsonObject json) {
    Map<String, Method> setters = SETTERS.get(target.getClass());
    for (Map.Entry<String, Object> entry : json) {
      String key = entry.getKey();
      Method setter = setters.get(key);
      Checks.requireArgument(setter != null, "unknown key %s in the JSON form of %s; the keys are %s",
        Checks.quoted(key), target.getClass().getSimpleName(), setters.keySet());
      Object value = Checks.jsonValue(key, entry.getValue(), setter.getParameterTypes()[0]);
      try {
        setter.invoke(target, value);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException) {
          // from JSON a missing value is bad input like any other
          throw new IllegalArgumentException(cause.getMessage(), cause);
        }
        throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
