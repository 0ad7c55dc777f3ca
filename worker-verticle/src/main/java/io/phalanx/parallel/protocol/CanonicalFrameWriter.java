package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.phalanx.parallel.protocol.CanonicalFrames.HEAP_FIELD;
import static io.phalanx.parallel.protocol.CanonicalFrames.SUCCESS_RESULT;
import static io.phalanx.parallel.protocol.CanonicalFrames.SUCCESS_START;
import static io.phalanx.parallel.protocol.CanonicalFrames.TASK_START;

/**
 * The byte-level fast path of {@link FrameCodec#encode}: a task and a successful response cross the channel for every
 * task, so their fixed parts are copied as bytes, and only the id and the payload are written by Jackson (the same
 * bytes a generator writes for the whole frame). {@link CanonicalFrames} reads them back. Thread-safe.
 */
final class CanonicalFrameWriter {

  /** Beyond this many task classes the {@code class} field is written afresh each time instead of kept. */
  private static final int MAX_CLASS_FIELDS = 1024;

  private final ObjectMapper mapper;
  /** {@code ,"class":"<name>","args":} by task class name: the same bytes start every frame of a class. */
  private final ConcurrentHashMap<String, byte[]> classFields = new ConcurrentHashMap<>();

  CanonicalFrameWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void writeTask(BoundedOutput out, TaskFrame task) throws IOException {
    write(out, TASK_START, task.id(), task.trace(), classField(task.taskClass()), task.args(), -1);
  }

  /**
   * The whole line of an untraced task whose arguments were encoded ahead ({@link FrameCodec#encodeValue}): its parts
   * copied into one array of the exact size.
   *
   * @throws FrameTooLargeException when the line, its {@code \n} included, would be longer than {@code limit}
   */
  byte[] taskLine(long id, String taskClass, RawJson args, int limit) throws IOException {
    String idText = Long.toString(id);
    byte[] classField = classField(taskClass);
    long size = (long) TASK_START.length + idText.length() + classField.length + args.length() + 2;
    if (size > limit) {
      throw new FrameTooLargeException(limit);
    }
    byte[] line = new byte[(int) size];
    System.arraycopy(TASK_START, 0, line, 0, TASK_START.length);
    int at = TASK_START.length;
    for (int i = 0; i < idText.length(); i++) {
      line[at++] = (byte) idText.charAt(i);
    }
    System.arraycopy(classField, 0, line, at, classField.length);
    at += classField.length;
    System.arraycopy(args.bytes(), args.offset(), line, at, args.length());
    at += args.length();
    line[at++] = '}';
    line[at] = '\n';
    return line;
  }

  void writeSuccess(BoundedOutput out, TaskResponseFrame response) throws IOException {
    write(out, SUCCESS_START, response.id(), null, SUCCESS_RESULT, response.result(), response.heapUsed());
  }

  private void write(BoundedOutput out, byte[] start, long id, Map<String, String> trace, byte[] beforePayload,
                         Object payload, long heapUsed) throws IOException {
    out.write(start);
    out.writeAscii(Long.toString(id));
    if (trace != null) {
      out.write(TraceField.START);
      try (JsonGenerator gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        TraceField.write(gen, trace);
      }
    }
    out.write(beforePayload);
    if (payload == null) {
      out.writeAscii("null");
    } else if (payload instanceof RawJson raw) {
      out.write(raw.bytes(), raw.offset(), raw.length());
    } else {
      mapper.writeValue(out, payload);
    }
    if (heapUsed >= 0) {
      out.write(HEAP_FIELD);
      out.writeAscii(Long.toString(heapUsed));
    }
    out.write('}');
  }

  private byte[] classField(String taskClass) throws IOException {
    byte[] field = classFields.get(taskClass);
    if (field == null) {
      field = (",\"class\":" + mapper.writeValueAsString(taskClass) + ",\"args\":").getBytes(StandardCharsets.UTF_8);
      if (classFields.size() < MAX_CLASS_FIELDS) {
        classFields.put(taskClass, field);
      }
    }
    return field;
  }
}
