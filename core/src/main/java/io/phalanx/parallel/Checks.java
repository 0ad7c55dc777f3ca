package io.phalanx.parallel;

import java.util.List;
import java.util.Objects;

/**
 * The one place where settings are validated: {@link ParallelConfig}, {@link TaskOptions} and {@link RestartPolicy}
 * call these instead of writing their own checks, so every refusal reads the same way and names the key and the value
 * it was given ({@code "agents must be at least 1, was 0"}), as Caffeine's {@code requireArgument} does.
 */
final class Checks {

  private Checks() {
  }

  /**
   * @throws IllegalArgumentException with the message {@code String.format(template, args)} unless {@code condition}
   */
  static void requireArgument(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(template, args));
    }
  }

  static int atLeast(String key, int value, int min) {
    requireArgument(value >= min, "%s must be at least %d, was %d", key, min, value);
    return value;
  }

  static long atLeast(String key, long value, long min) {
    requireArgument(value >= min, "%s must be at least %d, was %d", key, min, value);
    return value;
  }

  /** @throws IllegalArgumentException unless {@code min <= value <= max} */
  static int between(String key, int value, int min, int max) {
    requireArgument(value >= min && value <= max, "%s must be between %d and %d, was %d", key, min, max, value);
    return value;
  }

  /**
   * @param zeroMeans what 0 stands for, for the message: "none", "never"
   * @throws IllegalArgumentException for a negative value
   */
  static long zeroOrPositive(String key, long value, String zeroMeans) {
    requireArgument(value >= 0, "%s must be 0 (%s) or positive, was %d", key, zeroMeans, value);
    return value;
  }

  static int zeroOrPositive(String key, int value, String zeroMeans) {
    return (int) zeroOrPositive(key, (long) value, zeroMeans);
  }

  /** NaN and infinities are refused too: {@code !(NaN >= min)}. */
  static double finiteAtLeast(String key, double value, double min) {
    requireArgument(value >= min && !Double.isInfinite(value), "%s must be a finite number of at least %s, was %s",
      key, min, value);
    return value;
  }

  /**
   * @throws NullPointerException naming the key: a missing value is a programming error, as in {@code Objects}
   */
  static <T> T nonNull(String key, T value) {
    return Objects.requireNonNull(value, () -> key + " must not be null");
  }

  static String nonBlank(String key, String value) {
    requireArgument(value != null && !value.isBlank(), "%s must not be blank, was %s", key, quoted(value));
    return value;
  }

  /**
   * @param nullMeans what {@code null} stands for, for the message: "the parent's java"
   */
  static String nullOrNonBlank(String key, String value, String nullMeans) {
    requireArgument(value == null || !value.isBlank(), "%s must be null (%s) or not blank, was %s", key, nullMeans,
      quoted(value));
    return value;
  }

  /**
   * @return {@code values} itself: a list (not null) with no null or blank entry
   */
  static List<String> nonBlankEntries(String key, List<String> values) {
    nonNull(key, values);
    for (String value : values) {
      requireArgument(value != null && !value.isBlank(), "%s must not hold null or blank entries, was %s", key,
        values);
    }
    return values;
  }

  // ------------------------------------------------------------------------------------------------ JSON values

  /**
   * Reads a JSON value as a setter's parameter type, refusing what a plain cast would narrow or drop: a number
   * outside the type's range ({@code 4294967297} is not an {@code int}), a fraction where a whole number is wanted, a
   * value of another JSON type, an unknown enum name.
   */
  static Object jsonValue(String key, Object value, Class<?> type) {
    if (type == int.class || type == long.class) {
      java.math.BigInteger whole = wholeNumber(key, value);
      long min = type == int.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
      long max = type == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
      requireArgument(whole.bitLength() < 64 && whole.longValue() >= min && whole.longValue() <= max,
        "%s must be a whole number from %d to %d, was %s", key, min, max, value);
      return type == int.class ? (Object) whole.intValue() : (Object) whole.longValue();
    }
    if (type == double.class) {
      requireArgument(value instanceof Number, "%s must be a number, was %s", key, described(value));
      return ((Number) value).doubleValue();
    }
    if (type == boolean.class) {
      requireArgument(value instanceof Boolean, "%s must be true or false, was %s", key, described(value));
      return value;
    }
    if (type == String.class) {
      requireArgument(value == null || value instanceof String, "%s must be a string, was %s", key, described(value));
      return value;
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(value)) {
          return constant;
        }
      }
      throw new IllegalArgumentException(key + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
        + ", was " + described(value));
    }
    if (type == List.class) {
      Iterable<?> list = value instanceof io.vertx.core.json.JsonArray array ? array : value instanceof List<?> l ? l
        : null;
      requireArgument(list != null, "%s must be an array of strings, was %s", key, described(value));
      List<String> strings = new java.util.ArrayList<>();
      for (Object entry : list) {
        requireArgument(entry == null || entry instanceof String, "%s must be an array of strings, was %s", key,
          value);
        strings.add((String) entry);
      }
      return strings;
    }
    throw new IllegalStateException("no JSON form for " + key + " of type " + type.getName());
  }

  private static java.math.BigInteger wholeNumber(String key, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return java.math.BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof java.math.BigInteger big) {
      return big;
    }
    throw new IllegalArgumentException(key + " must be a whole number, was " + described(value));
  }

  /** The value and, unless it is a string or null, its type: {@code 1.5 (a Double)}. */
  private static String described(Object value) {
    if (value == null || value instanceof String) {
      return value == null ? "null" : quoted((String) value);
    }
    return value + " (a " + value.getClass().getSimpleName() + ")";
  }

  /** {@code 'text'}, or {@code null}: shows blanks for what they are. */
  static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
