package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.protocol.RawJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The bounds a task's arguments must keep before anything else touches them: nesting, the length of numbers, strings
 * and field names, and the types of the values. Checked by walking the value with a stack of its own, never by
 * recursion, so that a request nested thousands of levels deep is refused at once instead of overflowing a thread's
 * stack (which would leave the request without an answer). The bounds sit within Jackson's default read constraints,
 * which the workers parse task frames with.
 */
final class JsonLimits {

  /** Levels of objects and arrays in a task's arguments (the arguments object itself is level 1). */
  static final int MAX_DEPTH = 500;
  /** Characters of a number: Jackson's {@code maxNumberLength}. */
  static final int MAX_NUMBER_LENGTH = 1_000;
  /** Characters of a field name: Jackson's {@code maxNameLength}. */
  static final int MAX_NAME_LENGTH = 50_000;
  /** Characters of a string: Jackson's {@code maxStringLength}. */
  static final int MAX_STRING_LENGTH = 20_000_000;

  /**
   * Reads arguments as tokens, leaving the checks below room to find what is wrong first and name it: only nesting is
   * bounded by the parser itself (Jackson's default, twice {@link #MAX_DEPTH}).
   */
  static final JsonFactory TOKENS = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
    .maxNestingDepth(2 * MAX_DEPTH).maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE)
    .maxNameLength(Integer.MAX_VALUE).maxDocumentLength(-1).build()).build();

  private final long maxChars;

  /**
   * @param maxFrameBytes the pool's frame limit: arguments with more characters than this cannot fit a frame
   */
  JsonLimits(long maxFrameBytes) {
    this.maxChars = maxFrameBytes;
  }

  /** @return what is wrong with these arguments (a JsonObject, JsonArray or plain value), or {@code null} */
  String problem(Object args) {
    return new Walk<>(this, VERTX).run(args);
  }

  /** @return what is wrong with these arguments read by Jackson (from another node), or {@code null} */
  String problem(JsonNode args) {
    return new Walk<>(this, JACKSON).run(args);
  }

  // ------------------------------------------------------------------------------------------------ what both walks say

  private static final String TOO_DEEP = "the arguments are nested deeper than " + MAX_DEPTH + " levels";

  private static String nameTooLong(String where) {
    return "a field name at " + where + " is longer than " + MAX_NAME_LENGTH + " characters";
  }

  private static String stringTooLong(String where) {
    return "a string at " + where + " is longer than " + MAX_STRING_LENGTH + " characters";
  }

  private static String numberTooLong(String where) {
    return "a number at " + where + " has more than " + MAX_NUMBER_LENGTH + " digits";
  }

  /** @return why {@code chars} characters cannot fit a frame, or {@code null} when they can */
  private String overFrame(long chars) {
    return chars > maxChars ? "the arguments exceed the frame size limit of " + maxChars
      + " bytes (ParallelConfig.setMaxFrameBytes)" : null;
  }

  /** A value's segment of a path: {@code .name} in an object (a long name cut), {@code []} in an array. */
  private static String segment(String name) {
    return name == null ? "[]" : "." + (name.length() > 40 ? name.substring(0, 40) + "..." : name);
  }

  /** {@code args.points[].x}: the first dozen segments of the containers, outermost first, then the leaf's. */
  private static String path(Iterator<String> containers, String leaf) {
    StringBuilder sb = new StringBuilder("args");
    int shown = 0;
    while (containers.hasNext() && shown++ < 12) {
      sb.append(containers.next());
    }
    return containers.hasNext() ? sb.append("...").toString() : sb.append(leaf).toString();
  }

  // ------------------------------------------------------------------------------------------------ bytes

  /**
   * @return what is wrong with these arguments as the bytes another node sent, or {@code null}: read token by token,
   * nothing of them built
   */
  String problem(RawJson args) {
    try (JsonParser parser = TOKENS.createParser(args.bytes(), args.offset(), args.length())) {
      return new TokenWalk(parser).run();
    } catch (IOException e) {
      return "the arguments are not valid JSON: " + e.getMessage();
    }
  }

  /** The bounds of {@link Walk}, checked on a stream of tokens; the same messages. */
  private final class TokenWalk {
    private final JsonParser parser;
    /** The path segments of the containers open around the current token. */
    private final Deque<String> open = new ArrayDeque<>();
    private long chars;

    TokenWalk(JsonParser parser) {
      this.parser = parser;
    }

    String run() throws IOException {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "the arguments must be a JSON object";
      }
      open.push("");
      String problem = count(2);
      for (JsonToken token = parser.nextToken(); problem == null && token != null; token = parser.nextToken()) {
        problem = switch (token) {
          case START_OBJECT, START_ARRAY -> {
            if (open.isEmpty()) {
              yield "the arguments are more than one JSON value";
            }
            if (open.size() >= MAX_DEPTH) {
              yield TOO_DEEP;
            }
            open.push(segment());
            yield count(2);
          }
          case END_OBJECT, END_ARRAY -> {
            open.pop();
            yield null;
          }
          case FIELD_NAME -> parser.getTextLength() > MAX_NAME_LENGTH
            ? nameTooLong(where(""))
            : count(parser.getTextLength() + 3L);
          case VALUE_STRING -> parser.getTextLength() > MAX_STRING_LENGTH
            ? stringTooLong(where(segment()))
            : count(parser.getTextLength() + 2L);
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getTextLength() > MAX_NUMBER_LENGTH
            ? numberTooLong(where(segment()))
            : count(parser.getTextLength() + 2L);
          default -> count(5);
        };
      }
      return problem;
    }

    /** The current value's segment of the path: {@code .name} in an object, {@code []} in an array. */
    private String segment() throws IOException {
      return JsonLimits.segment(parser.currentName());
    }

    private String count(long more) {
      chars += more;
      return overFrame(chars);
    }

    private String where(String leaf) {
      return path(open.descendingIterator(), leaf);
    }
  }

  /** How a walk sees the values of one JSON model. */
  private interface Model<V> {
    /** The entries of an object (key → value), the elements of an array (null keys), or {@code null} for a leaf. */
    Iterator<? extends Map.Entry<String, V>> children(V value);

    /** @return what is wrong with a leaf, or {@code null}; adds its length to the walk's count */
    String leaf(V value, Walk<V> walk);
  }

  /** A container being walked, and the segment of the path that leads to it ({@code .name} or {@code []}). */
  private record Open<V>(Iterator<? extends Map.Entry<String, V>> children, String segment) {
  }

  /** One check: the containers being walked, and the characters counted so far. */
  private static final class Walk<V> {
    private final JsonLimits limits;
    private final Model<V> model;
    private final Deque<Open<V>> open = new ArrayDeque<>();
    /** The segment of the leaf being looked at, for {@link #where()}. */
    private String leaf = "";
    private long chars;

    Walk(JsonLimits limits, Model<V> model) {
      this.limits = limits;
      this.model = model;
    }

    String run(V root) {
      String problem = visit(root, "");
      while (problem == null && !open.isEmpty()) {
        Iterator<? extends Map.Entry<String, V>> children = open.peek().children();
        if (!children.hasNext()) {
          open.pop();
          continue;
        }
        Map.Entry<String, V> child = children.next();
        // a map handed over in the same JVM may have keys of any type
        Object rawKey = ((Map.Entry<?, ?>) child).getKey();
        leaf = "";
        if (rawKey != null && !(rawKey instanceof String)) {
          return "a field name at " + where() + " is a " + rawKey.getClass().getName() + ", not a string";
        }
        String key = (String) rawKey;
        if (key != null && key.length() > MAX_NAME_LENGTH) {
          return nameTooLong(where());
        }
        chars += key == null ? 1 : key.length() + 3;
        problem = visit(child.getValue(), segment(key));
      }
      return problem;
    }

    private String visit(V value, String segment) {
      Iterator<? extends Map.Entry<String, V>> children = model.children(value);
      if (children == null) {
        leaf = segment;
        return model.leaf(value, this);
      }
      if (open.size() >= MAX_DEPTH) {
        return TOO_DEEP;
      }
      open.push(new Open<>(children, segment));
      return count(2);
    }

    String count(long more) {
      chars += more;
      return limits.overFrame(chars);
    }

    /** {@code args.points[].x}: the path to what is looked at. */
    String where() {
      List<String> segments = new ArrayList<>();
      open.descendingIterator().forEachRemaining(container -> segments.add(container.segment()));
      return path(segments.iterator(), leaf);
    }
  }

  // ------------------------------------------------------------------------------------------------ Vert.x values

  private static final Model<Object> VERTX = new Model<>() {
    @Override
    @SuppressWarnings("unchecked")
    public Iterator<? extends Map.Entry<String, Object>> children(Object value) {
      if (value instanceof JsonObject object) {
        return object.getMap().entrySet().iterator();
      }
      if (value instanceof Map<?, ?> map) {
        return ((Map<String, Object>) map).entrySet().iterator();
      }
      List<?> list = value instanceof JsonArray array ? array.getList() : value instanceof List<?> l ? l : null;
      if (list == null) {
        return null;
      }
      Iterator<?> elements = list.iterator();
      return new Iterator<Map.Entry<String, Object>>() {
        @Override
        public boolean hasNext() {
          return elements.hasNext();
        }

        @Override
        public Map.Entry<String, Object> next() {
          return new java.util.AbstractMap.SimpleImmutableEntry<>(null, elements.next());
        }
      };
    }

    @Override
    public String leaf(Object value, Walk<Object> walk) {
      if (value == null || value instanceof Boolean) {
        return walk.count(5);
      }
      if (value instanceof CharSequence text) {
        return string(text.length(), walk);
      }
      if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
        return walk.count(20);
      }
      if (value instanceof Double || value instanceof Float) {
        double d = ((Number) value).doubleValue();
        return Double.isFinite(d) ? walk.count(25) : "a number at " + walk.where() + " is " + d
          + ", which JSON cannot carry";
      }
      if (value instanceof BigInteger big) {
        // 3.33 bits per decimal digit: the length is known without printing it
        return number(big.bitLength() / 3, walk);
      }
      if (value instanceof BigDecimal big) {
        return number(Math.max(big.precision(), Math.abs((long) big.scale())), walk);
      }
      if (value instanceof Enum<?> || value instanceof Instant) {
        return walk.count(40);
      }
      if (value instanceof byte[] || value instanceof Buffer) {
        int bytes = value instanceof byte[] raw ? raw.length : ((Buffer) value).length();
        return string(bytes / 3L * 4 + 4, walk);
      }
      return "the value at " + walk.where() + " is a " + value.getClass().getName() + ", which is not a JSON value";
    }
  };

  // ------------------------------------------------------------------------------------------------ Jackson trees

  private static final Model<JsonNode> JACKSON = new Model<>() {
    @Override
    public Iterator<? extends Map.Entry<String, JsonNode>> children(JsonNode value) {
      if (value.isObject()) {
        return value.fields();
      }
      if (!value.isArray()) {
        return null;
      }
      Iterator<JsonNode> elements = value.elements();
      return new Iterator<Map.Entry<String, JsonNode>>() {
        @Override
        public boolean hasNext() {
          return elements.hasNext();
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
          return new java.util.AbstractMap.SimpleImmutableEntry<>(null, elements.next());
        }
      };
    }

    @Override
    public String leaf(JsonNode value, Walk<JsonNode> walk) {
      if (value.isTextual()) {
        return string(value.textValue().length(), walk);
      }
      if (value.isBigInteger()) {
        return number(value.bigIntegerValue().bitLength() / 3, walk);
      }
      if (value.isBigDecimal()) {
        BigDecimal big = value.decimalValue();
        return number(Math.max(big.precision(), Math.abs((long) big.scale())), walk);
      }
      if (value.isDouble() || value.isFloat()) {
        return Double.isFinite(value.doubleValue()) ? walk.count(25) : "a number at " + walk.where() + " is "
          + value.doubleValue() + ", which JSON cannot carry";
      }
      if (value.isBinary()) {
        return "the value at " + walk.where() + " is binary, which is not a JSON value";
      }
      return walk.count(20);
    }
  };

  private static String string(long length, Walk<?> walk) {
    if (length > MAX_STRING_LENGTH) {
      return stringTooLong(walk.where());
    }
    return walk.count(length + 2);
  }

  private static String number(long digits, Walk<?> walk) {
    if (digits > MAX_NUMBER_LENGTH) {
      return numberTooLong(walk.where());
    }
    return walk.count(digits + 2);
  }
}
