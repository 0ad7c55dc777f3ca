package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.RawJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A task's result in its JSON form, read into the task's result type by the client that knows the task class: the
 * reply body to a {@code Task} request, and what a pool hands to a task's outcome.
 * <p>
 * A worker's result usually stays the bytes it arrived in ({@link RawJson}): the supervisor's event loop only checks
 * them, and the caller reads them once, on its own context, straight into the result type. A tree of a large result
 * built on the supervisor's loop held up every other worker's frames (a 24 MB list took 0.2 to 1 s and its garbage).
 */
public final class TaskResult {

  /** A result at least this large is turned into Vert.x JSON off the event loop, for a sender that asked for JSON. */
  public static final int LARGE_BYTES = 256 * 1024;

  /**
   * Reads results with the protocol's limits on nesting and numbers; a string or a document cannot be longer than
   * the bytes that hold it, which a frame or a cluster message has already bounded.
   */
  static final ObjectMapper READER_MAPPER = ProtocolMapper.limits(Codecs.MAPPER, Integer.MAX_VALUE - 1);
  private static final ObjectReader TREE_READER = reader(JsonNode.class);

  private static final TaskResult NULL = new TaskResult(NullNode.getInstance(), null, 0, 0);

  private volatile JsonNode tree;
  private final byte[] bytes;
  private final int offset;
  private final int length;

  private TaskResult(JsonNode tree, byte[] bytes, int offset, int length) {
    this.tree = tree;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** A reader for results of {@code type}: the protocol's limits, and exactly one value. */
  public static ObjectReader reader(java.lang.reflect.Type type) {
    return READER_MAPPER.readerFor(READER_MAPPER.getTypeFactory().constructType(type))
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public static TaskResult of(JsonNode tree) {
    return tree == null || tree.isNull() ? NULL : new TaskResult(tree, null, 0, 0);
  }

  /** A result as a response frame carries it: a tree, or {@link RawJson}. */
  public static TaskResult ofFrame(Object value) {
    if (value instanceof RawJson raw) {
      return new TaskResult(null, raw.bytes(), raw.offset(), raw.length());
    }
    if (value instanceof JsonNode node) {
      return of(node);
    }
    throw new IllegalArgumentException("not a decoded result: " + (value == null ? "null" : value.getClass()));
  }

  /** One JSON value as bytes, not checked: {@link #read} and {@link #tree} check it. */
  public static TaskResult ofBytes(byte[] bytes) {
    return new TaskResult(null, bytes, 0, bytes.length);
  }

  /** Reads the result with a reader from {@link #reader}. */
  public <R> R read(ObjectReader reader) throws IOException {
    JsonNode built = tree;
    return built != null ? reader.readValue(built) : reader.readValue(bytes, offset, length);
  }

  /**
   * The result as a tree, built on first use.
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

  /** The result as JSON bytes, for a message that crosses a cluster. */
  public byte[] toBytes() throws IOException {
    return bytes != null ? Arrays.copyOfRange(bytes, offset, offset + length) : Codecs.MAPPER.writeValueAsBytes(tree);
  }

  /** Whether turning it into another form is worth a thread other than an event loop. */
  public boolean isLarge() {
    return bytes != null && length >= LARGE_BYTES;
  }

  @Override
  public String toString() {
    return bytes != null ? "TaskResult[" + length + " bytes]" : "TaskResult[" + tree + "]";
  }
}
