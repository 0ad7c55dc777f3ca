package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.RawJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A value a task sent its caller, in its JSON form: its result (the reply body to a {@code Task} request, and what a
 * pool hands to a task's outcome) or one of its progress updates. The client that knows the type reads it into it.
 * <p>
 * A worker's value usually stays the bytes it arrived in ({@link RawJson}): the supervisor's event loop only checks
 * them, and the caller reads them once, on its own context, straight into its type. A tree of a large value built on
 * the supervisor's loop held up every other worker's frames (a 24 MB list took 0.2 to 1 s and its garbage).
 */
public final class TaskValue {

  /** A value at least this large is turned into Vert.x JSON off the event loop, for a receiver that wants JSON. */
  public static final int LARGE_BYTES = 256 * 1024;

  /**
   * Reads values with the protocol's limits on nesting and numbers; a string or a document cannot be longer than
   * the bytes that hold it, which a frame or a cluster message has already bounded.
   */
  static final ObjectMapper READER_MAPPER = ProtocolMapper.limits(Codecs.MAPPER, Integer.MAX_VALUE - 1);
  private static final ObjectReader TREE_READER = reader(JsonNode.class);
  private static final ObjectReader PLAIN_READER = reader(Object.class);

  private static final TaskValue NULL = new TaskValue(NullNode.getInstance(), null, 0, 0);

  private volatile JsonNode tree;
  private final byte[] bytes;
  private final int offset;
  private final int length;

  private TaskValue(JsonNode tree, byte[] bytes, int offset, int length) {
    this.tree = tree;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** A reader for values of {@code type}: the protocol's limits, and exactly one value. */
  public static ObjectReader reader(java.lang.reflect.Type type) {
    return READER_MAPPER.readerFor(READER_MAPPER.getTypeFactory().constructType(type))
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public static TaskValue of(JsonNode tree) {
    return tree == null || tree.isNull() ? NULL : new TaskValue(tree, null, 0, 0);
  }

  /** A value as a frame carries it (a result or a progress update): a tree, or {@link RawJson}. */
  public static TaskValue ofFrame(Object value) {
    if (value instanceof RawJson raw) {
      return new TaskValue(null, raw.bytes(), raw.offset(), raw.length());
    }
    if (value instanceof JsonNode node) {
      return of(node);
    }
    throw new IllegalArgumentException("not a decoded value: " + (value == null ? "null" : value.getClass()));
  }

  /** One JSON value as bytes, not checked: {@link #read} and {@link #tree} check it. */
  public static TaskValue ofBytes(byte[] bytes) {
    return new TaskValue(null, bytes, 0, bytes.length);
  }

  /** Reads the value with a reader from {@link #reader}. */
  public <R> R read(ObjectReader reader) throws IOException {
    JsonNode built = tree;
    return built != null ? reader.readValue(built) : reader.readValue(bytes, offset, length);
  }

  /**
   * The value as a tree, built on first use.
   *
   * @throws UncheckedIOException when the bytes are not one JSON value within the limits
   */
  public JsonNode tree() {
    JsonNode built = tree;
    if (built == null) {
      try {
        built = TREE_READER.readTree(bytes, offset, length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      tree = built;
    }
    return built;
  }

  /**
   * The value as Vert.x JSON: a {@code JsonObject}, {@code JsonArray}, {@code String}, {@code Number},
   * {@code Boolean} or {@code null}. Read straight from its bytes when it has them: through a tree, a large value was
   * built three times over (the tree, Jackson's buffer of its tokens, the maps and lists).
   *
   * @throws UncheckedIOException when the bytes are not one JSON value within the limits
   */
  @SuppressWarnings("unchecked")
  public Object toVertx() {
    JsonNode built = tree;
    if (built != null) {
      return JsonValues.toVertx(built);
    }
    Object plain;
    try {
      plain = PLAIN_READER.readValue(bytes, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return plain instanceof Map<?, ?> object ? new JsonObject((Map<String, Object>) object)
      : plain instanceof List<?> array ? new JsonArray(array) : plain;
  }

  /**
   * Hands the value, as {@link #toVertx() Vert.x JSON}, to {@code use} where it costs no event loop: on a worker
   * thread of {@code context} when the value is large ({@link #isLarge()}), here otherwise (or without a context).
   * Whatever {@code use} sends on the event bus is copied there too: Vert.x copies a {@code JsonObject} for a
   * receiver in this JVM, and encodes it for one on another node, on the thread that sends it.
   *
   * @return what {@code use} returned, or why the value cannot be Vert.x JSON; complete at once when not large
   */
  public <T> Future<T> toVertx(Context context, Function<Object, T> use) {
    if (isLarge() && context != null) {
      return context.executeBlocking(() -> use.apply(toVertxOrThrow()), false);
    }
    try {
      return Future.succeededFuture(use.apply(toVertxOrThrow()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Object toVertxOrThrow() {
    try {
      return toVertx();
    } catch (StackOverflowError e) {
      throw new IllegalStateException("too deeply nested for Vert.x JSON", e);
    }
  }

  /** The value as JSON bytes, for a message that crosses a cluster. */
  public byte[] toBytes() throws IOException {
    return bytes != null ? Arrays.copyOfRange(bytes, offset, offset + length) : Codecs.MAPPER.writeValueAsBytes(tree);
  }

  /** Whether turning it into another form is worth a thread other than an event loop. */
  public boolean isLarge() {
    return bytes != null && length >= LARGE_BYTES;
  }

  @Override
  public String toString() {
    return bytes != null ? "TaskValue[" + length + " bytes]" : "TaskValue[" + tree + "]";
  }
}
