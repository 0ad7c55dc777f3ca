package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static io.phalanx.parallel.protocol.FrameFields.integer;
import static io.phalanx.parallel.protocol.FrameFields.text;

/**
 * Reads and writes {@link Frame}s: one JSON object per line, UTF-8, {@code \n}-terminated, field {@code type} first.
 * <p>
 * Writing is bounded: a frame that would exceed {@link #maxFrameBytes()} fails with {@link FrameTooLargeException}
 * as soon as the limit is crossed, before the whole frame is built. The codec is thread-safe.
 */
public final class FrameCodec {

  /**
   * The protocol version a child announces in its {@code ready} frame: 2 since the child beats ({@code heartbeat}) and
   * answers {@code stack_request}, which a parent of version 2 relies on.
   */
  public static final int PROTOCOL_VERSION = 2;

  /** The default frame size limit: 64 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

  private static final byte[] FRAME_PREFIX = "{\"type\":".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper mapper;
  /** Reads a frame's payload as a tree without resolving the tree type on every frame, as the mapper would. */
  /** Reads the task frames and the successful responses as {@link #encode} writes them, by hand. */
  private final CanonicalFrames canonical;
  private final int maxFrameBytes;
  /** Writes the task frames and the successful responses, by hand. */
  private final CanonicalFrameWriter canonicalWriter;

  /**
   * @param mapper        the modules and features to read and write values with; the codec uses a copy whose limits
   *                      follow {@code maxFrameBytes} ({@link ProtocolMapper#limits})
   * @param maxFrameBytes the frame size limit
   */
  public FrameCodec(ObjectMapper mapper, int maxFrameBytes) {
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
    }
    this.mapper = ProtocolMapper.limits(mapper, maxFrameBytes);
    this.canonical = new CanonicalFrames(this.mapper, this.mapper.readerFor(JsonNode.class), maxFrameBytes);
    this.canonicalWriter = new CanonicalFrameWriter(this.mapper);
    this.maxFrameBytes = maxFrameBytes;
  }

  public FrameCodec(ObjectMapper mapper) {
    this(mapper, DEFAULT_MAX_FRAME_BYTES);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * Whether a line is meant as a frame. Lines that are not (a stray print from native code or a JVM log) are logged
   * by the reader, never fatal; lines that are but cannot be decoded are protocol errors.
   */
  public static boolean isFrameLine(byte[] line, int offset, int length) {
    if (length < FRAME_PREFIX.length) {
      return false;
    }
    return Arrays.equals(line, offset, offset + FRAME_PREFIX.length, FRAME_PREFIX, 0, FRAME_PREFIX.length);
  }

  public static boolean isFrameLine(byte[] line) {
    return isFrameLine(line, 0, line.length);
  }

  /**
   * A cheap look at a line before it is decoded: the id of a successful task response that begins as {@link #encode}
   * writes one (<code>&#123;"type":"task_response","id":&lt;id&gt;,"ok":true,"result":</code>), or -1 for any other line.
   */
  public static long successId(byte[] line, int offset, int length) {
    return CanonicalFrames.successId(line, offset, length);
  }

  /**
   * A cheap look at a line before it is decoded: whether it begins as {@link #encode} writes a successful response or a
   * progress update, whose one value {@link #decodeWithRawValues} checks token by token instead of building it.
   */
  public static boolean isRawValueForm(byte[] line, int offset, int length) {
    return CanonicalFrames.successId(line, offset, length) >= 0 || CanonicalFrames.isProgress(line, offset, length);
  }

  // ---------------------------------------------------------------- writing

  /**
   * @return the frame as UTF-8 bytes including the final {@code \n}
   * @throws FrameTooLargeException when it would exceed the frame size limit
   * @throws IOException            when a value inside the frame cannot be written as JSON
   */
  public byte[] encode(Frame frame) throws IOException {
    if (frame instanceof TaskFrame task && task.args() instanceof RawJson args) {
      // a task its caller encoded ahead: its arguments and a few fields, in one array of about the right size
      return task.trace() == null ? canonicalWriter.taskLine(task.id(), task.taskClass(), args, maxFrameBytes)
        : encode(frame, new BoundedOutput(maxFrameBytes, args.length() + 3 * task.taskClass().length() + 1024));
    }
    return encode(frame, new BoundedOutput(maxFrameBytes));
  }

  private byte[] encode(Frame frame, BoundedOutput out) throws IOException {
    // a task and a successful response cross the pipe for every task: their fixed parts are copied as bytes, and
    // only the id and the payload are written by Jackson (the same bytes a generator writes for the whole frame)
    withinFrameLimit(() -> {
      if (frame instanceof TaskFrame task) {
        canonicalWriter.writeTask(out, task);
      } else if (frame instanceof TaskResponseFrame response && response.ok()) {
        canonicalWriter.writeSuccess(out, response);
      } else {
        try (JsonGenerator gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
          write(frame, gen);
        }
      }
    });
    out.write('\n');
    return out.toByteArray();
  }

  /**
   * A value as the JSON a frame carries it in, for a frame that then carries these bytes as they are
   * ({@link RawJson} as a task's arguments or a result): a caller can encode its task on its own thread, and the thread
   * that writes frames only copies it.
   *
   * @throws FrameTooLargeException when the value alone exceeds the frame size limit
   * @throws IOException            when the value cannot be written as JSON
   */
  public RawJson encodeValue(Object value) throws IOException {
    BoundedOutput out = new BoundedOutput(maxFrameBytes);
    withinFrameLimit(() -> mapper.writeValue(out, value));
    byte[] bytes = out.toByteArray();
    return new RawJson(bytes, 0, bytes.length);
  }

  private interface FrameWriting {
    void run() throws IOException;
  }

  /** Writes a frame, reporting the frame limit as {@link FrameTooLargeException} however Jackson wrapped it. */
  private static void withinFrameLimit(FrameWriting writing) throws IOException {
    try {
      writing.run();
    } catch (IOException e) {
      FrameTooLargeException tooLarge = findTooLarge(e);
      throw tooLarge != null ? tooLarge : e;
    } catch (RuntimeException e) {
      FrameTooLargeException tooLarge = findTooLarge(e);
      if (tooLarge != null) {
        throw tooLarge;
      }
      throw e;
    }
  }

  private void write(Frame frame, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("type", frame.type());
    if (frame instanceof ReadyFrame f) {
      gen.writeNumberField("pid", f.pid());
      gen.writeNumberField("protocol", f.protocolVersion());
      gen.writeStringField("worker", f.workerId());
    } else if (frame instanceof TaskFrame f) {
      gen.writeNumberField("id", f.id());
      if (f.trace() != null) {
        gen.writeFieldName("trace");
        TraceField.write(gen, f.trace());
      }
      gen.writeStringField("class", f.taskClass());
      gen.writeFieldName("args");
      writeValue(gen, f.args());
    } else if (frame instanceof TaskResponseFrame f) {
      gen.writeNumberField("id", f.id());
      gen.writeBooleanField("ok", f.ok());
      if (f.ok()) {
        gen.writeFieldName("result");
        writeValue(gen, f.result());
      } else {
        gen.writeFieldName("error");
        RemoteErrorJson.write(gen, f.error());
      }
      if (f.heapUsed() >= 0) {
        gen.writeNumberField("heap", f.heapUsed());
      }
    } else if (frame instanceof ProgressFrame f) {
      gen.writeNumberField("id", f.id());
      gen.writeFieldName("payload");
      writeValue(gen, f.payload());
    } else if (frame instanceof CancelFrame f) {
      gen.writeNumberField("id", f.id());
    } else if (frame instanceof ServiceCallFrame f) {
      f.writeFields(gen);
    } else if (frame instanceof ServiceResponseFrame f) {
      f.writeFields(gen);
    } else if (frame instanceof StackRequestFrame f) {
      gen.writeNumberField("id", f.id());
    } else if (frame instanceof TaskStackFrame f) {
      gen.writeNumberField("id", f.id());
      RemoteErrorJson.writeStack(gen, "frames", f.frames());
    }
    gen.writeEndObject();
  }

  private void writeValue(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof RawJson raw) {
      gen.writeRawValue(raw.toString());
    } else {
      mapper.writeValue(gen, value);
    }
  }

  private static FrameTooLargeException findTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FrameTooLargeException tooLarge) {
        return tooLarge;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Decodes one line (without or with its final {@code \n}).
   *
   * @throws ProtocolException when the line is not a well-formed frame of a known type
   */
  public Frame decode(byte[] line) throws ProtocolException {
    return decode(line, 0, line.length);
  }

  public Frame decode(byte[] line, int offset, int length) throws ProtocolException {
    return decode(line, offset, length, false);
  }

  /**
   * Decodes a line as {@link #decode(byte[], int, int)} does, except that a successful response's result and a progress
   * update's payload, in the exact form {@link #encode} writes them, stay {@link RawJson} (unless {@code null}):
   * checked to be one JSON value within the limits, but not built, so that the parent's event loop does not build a
   * tree of a large value that its receiver reads again into its own type.
   */
  public Frame decodeWithRawValues(byte[] line, int offset, int length) throws ProtocolException {
    return decode(line, offset, length, true);
  }

  private Frame decode(byte[] line, int offset, int length, boolean rawValues) throws ProtocolException {
    if (length > maxFrameBytes) {
      throw new ProtocolException("frame of " + length + " bytes exceeds the frame size limit of " + maxFrameBytes
        + " bytes");
    }
    // every task costs a task frame one way and a response the other: a success in the exact form encode() writes
    // is read by hand (and the worker reads its tasks by hand, decodeWithRawArgs), and so is a progress update, which
    // can be as large; everything else as a tree
    TaskResponseFrame success = canonical.success(line, offset, length, rawValues);
    if (success != null) {
      return success;
    }
    ProgressFrame progress = canonical.progress(line, offset, length, rawValues);
    if (progress != null) {
      return progress;
    }
    JsonNode node;
    try {
      node = mapper.readTree(line, offset, length);
    } catch (StreamConstraintsException e) {
      throw overLimit(line, offset, length, e);
    } catch (IOException e) {
      throw new ProtocolException("malformed frame: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new ProtocolException("a frame must be a JSON object");
    }
    String type = text(node, "type");
    return switch (type) {
      case ReadyFrame.TYPE -> new ReadyFrame(integer(node, "pid"), (int) integer(node, "protocol"),
        text(node, "worker"));
      case TaskFrame.TYPE -> new TaskFrame(integer(node, "id"), text(node, "class"), objectOrEmpty(node.get("args")),
        TraceField.read(node.get("trace")));
      case TaskResponseFrame.TYPE -> decodeResponse(node);
      case ProgressFrame.TYPE -> new ProgressFrame(integer(node, "id"), valueOrNull(node.get("payload")));
      case CancelFrame.TYPE -> new CancelFrame(integer(node, "id"));
      case ServiceCallFrame.TYPE -> ServiceCallFrame.read(node);
      case ServiceResponseFrame.TYPE -> ServiceResponseFrame.read(node);
      case ShutdownFrame.TYPE -> ShutdownFrame.INSTANCE;
      case HeartbeatFrame.TYPE -> HeartbeatFrame.INSTANCE;
      case StackRequestFrame.TYPE -> new StackRequestFrame(integer(node, "id"));
      case TaskStackFrame.TYPE -> new TaskStackFrame(integer(node, "id"),
        RemoteErrorJson.readStack(node.get("frames")));
      default -> throw new ProtocolException("unknown frame type '" + type + "'");
    };
  }

  /**
   * A payload broke a limit: a {@link FrameLimitException} for the task or call the frame's start names, or a plain
   * protocol error when the start names none.
   */
  private static ProtocolException overLimit(byte[] line, int offset, int length, StreamConstraintsException e) {
    FramePrefix prefix = FramePrefix.of(line, offset, length);
    String why = "a value breaks a decoding limit: " + e.getOriginalMessage();
    if (prefix == null || prefix.id() < 0) {
      return new ProtocolException("frame whose " + why, e);
    }
    return new FrameLimitException(prefix.type(), prefix.id(), why, e);
  }

  /**
   * Decodes a line as {@link #decode(byte[], int, int)} does, except that a task frame in the exact form
   * {@link #encode} writes keeps its arguments as {@link RawJson}, for a worker to read straight into the task class.
   */
  public Frame decodeWithRawArgs(byte[] line, int offset, int length) throws ProtocolException {
    if (length <= maxFrameBytes) {
      TaskFrame task = canonical.task(line, offset, length);
      if (task != null) {
        return task;
      }
    }
    return decode(line, offset, length);
  }

  private static TaskResponseFrame decodeResponse(JsonNode node) throws ProtocolException {
    long id = integer(node, "id");
    JsonNode ok = node.get("ok");
    if (ok == null || !ok.isBoolean()) {
      throw new ProtocolException("task_response frame without boolean field 'ok'");
    }
    JsonNode heap = node.get("heap");
    long heapUsed = heap != null && heap.canConvertToLong() ? heap.asLong() : -1;
    if (ok.booleanValue()) {
      return TaskResponseFrame.success(id, valueOrNull(node.get("result")), heapUsed);
    }
    JsonNode error = node.get("error");
    if (error == null || !error.isObject()) {
      throw new ProtocolException("failed task_response frame without object field 'error'");
    }
    return TaskResponseFrame.failure(id, RemoteErrorJson.read(error), heapUsed);
  }

  private static JsonNode objectOrEmpty(JsonNode node) {
    return node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
  }

  private static JsonNode valueOrNull(JsonNode node) {
    return node == null ? NullNode.getInstance() : node;
  }

}
