package io.phalanx.parallel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
      Object value = value(key, entry.getValue(), setter.getGenericParameterTypes()[0]);
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

  /**
   * Besides the scalars of {@link Checks#jsonValue}: a JSON object as is, a {@code Map<String, String>} from an object
   * of strings, and a list of data objects (a class with a {@code (JsonObject)} constructor, read the same strict way)
   * from an array of objects.
   */
  private static Object value(String key, Object value, Type type) {
    if (type == JsonObject.class) {
      Checks.requireArgument(value == null || value instanceof JsonObject || value instanceof Map,
        "%s must be an object, was %s", key, value);
      return value instanceof Map<?, ?> map ? new JsonObject(castMap(map)) : value;
    }
    if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
      JsonObject object = (JsonObject) value(key, value, JsonObject.class);
      Checks.requireArgument(object != null, "%s must be an object of strings, was null", key);
      Map<String, String> strings = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : object) {
        Checks.requireArgument(entry.getValue() instanceof String, "%s must be an object of strings, was %s", key,
          value);
        strings.put(entry.getKey(), (String) entry.getValue());
      }
      return strings;
    }
    if (type instanceof ParameterizedType generic && generic.getRawType() == List.class
      && generic.getActualTypeArguments()[0] != String.class) {
      Class<?> element = (Class<?>) generic.getActualTypeArguments()[0];
      Iterable<?> entries = value instanceof JsonArray array ? array : value instanceof List<?> list ? list : null;
      Checks.requireArgument(entries != null, "%s must be an array of objects, was %s", key, value);
      List<Object> objects = new ArrayList<>();
      int index = 0;
      for (Object entry : entries) {
        JsonObject json = (JsonObject) value(key + "[" + index++ + "]", entry, JsonObject.class);
        Checks.requireArgument(json != null, "%s must not hold null entries", key);
        objects.add(dataObject(key + "[" + (index - 1) + "]", element, json));
      }
      return objects;
    }
    return Checks.jsonValue(key, value, type instanceof ParameterizedType generic
      ? (Class<?>) generic.getRawType() : (Class<?>) type);
  }

  /** Refusals name the entry's place: {@code parentServices[0]: type must be a string, was 5 (a Integer)}. */
  private static Object dataObject(String place, Class<?> type, JsonObject json) {
    try {
      Object object = type.getConstructor().newInstance();
      apply(object, json);
      return object;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(place + ": " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no JSON form for " + type.getName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
