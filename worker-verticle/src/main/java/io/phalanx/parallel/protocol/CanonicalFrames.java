package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The two frames every task costs, in the exact form {@link FrameCodec#encode} writes them, read by hand instead of
 * as a tree: a {@code task} frame (whose arguments stay raw, for a worker to read straight into the task class) and a
 * successful {@code task_response}; and a {@code progress} frame, which may be as large as a result. Anything else
 * returns {@code null}, and the general reader reads it or refuses it.
 */
final class CanonicalFrames {

  static final byte[] TASK_START = "{\"type\":\"task\",\"id\":".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SUCCESS_START = "{\"type\":\"task_response\",\"id\":".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SUCCESS_RESULT = ",\"ok\":true,\"result\":".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PROGRESS_START = "{\"type\":\"progress\",\"id\":".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PROGRESS_PAYLOAD = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);
  static final byte[] HEAP_FIELD = ",\"heap\":".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CLASS_START = ",\"class\":\"".getBytes(StandardCharsets.US_ASCII);
  static final byte[] ARGS_START = "\",\"args\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper mapper;
  private final ObjectReader treeReader;
  private final int maxFrameBytes;

  CanonicalFrames(ObjectMapper mapper, ObjectReader treeReader, int maxFrameBytes) {
    this.mapper = mapper;
    this.treeReader = treeReader;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * The id of a successful task response that begins as {@link FrameCodec#encode} writes one
   * (<code>&#123;"type":"task_response","id":&lt;id&gt;,"ok":true,"result":</code>), or -1 for any other line.
   */
  static long successId(byte[] line, int offset, int length) {
    int end = offset + length;
    int at = offset + SUCCESS_START.length;
    if (length <= SUCCESS_START.length || !Arrays.equals(line, offset, at, SUCCESS_START, 0, SUCCESS_START.length)) {
      return -1;
    }
    int idEnd = digitsEnd(line, at, end);
    return idEnd < 0 || !startsWith(line, idEnd, end, SUCCESS_RESULT) ? -1 : parseDigits(line, at, idEnd);
  }

  /** Whether a line begins as {@link FrameCodec#encode} writes a progress update. */
  static boolean isProgress(byte[] line, int offset, int length) {
    return length > PROGRESS_START.length && startsWith(line, offset, offset + length, PROGRESS_START);
  }

  /**
   * {@code {"type":"task","id":<id>[,"trace":{...}],"class":"<name without escapes>","args":<object>}}, or
   * {@code null} for anything else (which the general reader then reads, or refuses).
   */
  TaskFrame task(byte[] line, int offset, int length) {
    int end = trimNewline(line, offset, length);
    int at = offset + TASK_START.length;
    if (end - offset < TASK_START.length + 16 || line[end - 1] != '}'
      || !Arrays.equals(line, offset, at, TASK_START, 0, TASK_START.length)) {
      return null;
    }
    int idEnd = digitsEnd(line, at, end);
    if (idEnd < 0) {
      return null;
    }
    Map<String, String> trace = null;
    int classStart = idEnd;
    if (!startsWith(line, idEnd, end, CLASS_START)) {
      // a traced task: its trace context comes first; the frame of a task without one never gets here
      int traceStart = idEnd + TraceField.START.length;
      int traceEnd = startsWith(line, idEnd, end, TraceField.START) ? TraceField.objectEnd(line, traceStart, end) : -1;
      if (traceEnd < 0 || !startsWith(line, traceEnd, end, CLASS_START)) {
        return null;
      }
      try {
        trace = TraceField.read(treeReader.readTree(line, traceStart, traceEnd - traceStart));
      } catch (IOException | ProtocolException e) {
        // the general reader reports it
        return null;
      }
      classStart = traceEnd;
    }
    int nameStart = classStart + CLASS_START.length;
    int nameEnd = nameStart;
    while (nameEnd < end && line[nameEnd] != '"') {
      if (line[nameEnd] == '\\') {
        return null;
      }
      nameEnd++;
    }
    if (nameEnd == nameStart || !startsWith(line, nameEnd, end, ARGS_START)) {
      return null;
    }
    int argsStart = nameEnd + ARGS_START.length;
    int argsEnd = end - 1;
    // an object, as encode() writes the arguments of a task; null and anything else go to the general reader
    if (argsEnd - argsStart < 2 || line[argsStart] != '{' || line[argsEnd - 1] != '}') {
      return null;
    }
    long id = parseDigits(line, at, idEnd);
    String name = new String(line, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
    return new TaskFrame(id, name, new RawJson(line, argsStart, argsEnd - argsStart), trace);
  }

  /**
   * {@code {"type":"task_response","id":<id>,"ok":true,"result":<value>[,"heap":<n>]}}, or {@code null} for anything
   * else; the result is read by {@link #value}.
   */
  TaskResponseFrame success(byte[] line, int offset, int length, boolean raw) throws ProtocolException {
    int end = trimNewline(line, offset, length);
    int at = offset + SUCCESS_START.length;
    if (end - offset < SUCCESS_START.length + SUCCESS_RESULT.length + 3 || length > maxFrameBytes
      || line[end - 1] != '}' || !Arrays.equals(line, offset, at, SUCCESS_START, 0, SUCCESS_START.length)) {
      return null;
    }
    int idEnd = digitsEnd(line, at, end);
    if (idEnd < 0 || !startsWith(line, idEnd, end, SUCCESS_RESULT)) {
      return null;
    }
    int resultStart = idEnd + SUCCESS_RESULT.length;
    int resultEnd = end - 1;
    long heapUsed = -1;
    // a heap field ends the frame: digits, preceded by ,"heap": (a JSON value cannot end that way itself)
    int digits = resultEnd;
    while (digits > resultStart && line[digits - 1] >= '0' && line[digits - 1] <= '9') {
      digits--;
    }
    if (digits < resultEnd && resultEnd - digits <= 18 && digits - HEAP_FIELD.length >= resultStart
      && Arrays.equals(line, digits - HEAP_FIELD.length, digits, HEAP_FIELD, 0, HEAP_FIELD.length)) {
      heapUsed = parseDigits(line, digits, resultEnd);
      resultEnd = digits - HEAP_FIELD.length;
    }
    long id = parseDigits(line, at, idEnd);
    Object result = value(line, resultStart, resultEnd, raw, TaskResponseFrame.TYPE, id, "the result");
    return result == null ? null : TaskResponseFrame.success(id, result, heapUsed);
  }

  /**
   * {@code {"type":"progress","id":<id>,"payload":<value>}}, or {@code null} for anything else; the payload is read
   * as {@link #success} reads a result.
   */
  ProgressFrame progress(byte[] line, int offset, int length, boolean raw) throws ProtocolException {
    int end = trimNewline(line, offset, length);
    int at = offset + PROGRESS_START.length;
    if (end - offset < PROGRESS_START.length + PROGRESS_PAYLOAD.length + 3 || length > maxFrameBytes
      || line[end - 1] != '}' || !Arrays.equals(line, offset, at, PROGRESS_START, 0, PROGRESS_START.length)) {
      return null;
    }
    int idEnd = digitsEnd(line, at, end);
    if (idEnd < 0 || !startsWith(line, idEnd, end, PROGRESS_PAYLOAD)) {
      return null;
    }
    long id = parseDigits(line, at, idEnd);
    Object payload = value(line, idEnd + PROGRESS_PAYLOAD.length, end - 1, raw, ProgressFrame.TYPE, id, "the update");
    return payload == null ? null : new ProgressFrame(id, payload);
  }

  /**
   * The one JSON value from {@code start} to {@code end}: {@code NullNode} for {@code null} (no parsing needed);
   * otherwise read as a tree by itself, or, when {@code raw}, only checked (exactly one value, within the limits) and
   * kept as {@link RawJson}. {@code null} when it is not exactly one value: the general reader reports that.
   *
   * @throws FrameLimitException when the value breaks a decoding limit: it fails only the frame's task
   */
  private Object value(byte[] line, int start, int end, boolean raw, String type, long id, String what)
    throws FrameLimitException {
    if (end <= start) {
      return null;
    }
    if (end - start == 4 && startsWith(line, start, end, NULL)) {
      return NullNode.getInstance();
    }
    try (JsonParser parser = mapper.getFactory().createParser(line, start, end - start)) {
      Object value;
      if (raw) {
        // its tokens are read, none of its values built: no garbage, and many times faster than a tree
        value = parser.nextToken() == null ? null : new RawJson(line, start, end - start);
        parser.skipChildren();
      } else {
        value = treeReader.readTree(parser);
      }
      return value == null || parser.nextToken() != null ? null : value;
    } catch (StreamConstraintsException e) {
      throw new FrameLimitException(type, id, what + " breaks a decoding limit: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      return null;
    }
  }

  private static int trimNewline(byte[] line, int offset, int length) {
    int end = offset + length;
    return end > offset && line[end - 1] == '\n' ? end - 1 : end;
  }

  /** @return the end of the 1 to 18 digits starting at {@code at}, or -1 when there are none or too many */
  private static int digitsEnd(byte[] line, int at, int end) {
    int i = at;
    while (i < end && line[i] >= '0' && line[i] <= '9') {
      i++;
    }
    // JSON has no leading zeros
    return i == at || i - at > 18 || (line[at] == '0' && i - at > 1) ? -1 : i;
  }

  private static long parseDigits(byte[] line, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (line[i] - '0');
    }
    return value;
  }

  private static boolean startsWith(byte[] line, int at, int end, byte[] expected) {
    return end - at >= expected.length && Arrays.equals(line, at, at + expected.length, expected, 0, expected.length);
  }
}
