package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.phalanx.parallel.protocol.FrameFields.text;

/**
 * A {@link RemoteError} and a stack as frames carry them: {@code {"class", "message", "code", "stack", "cause"}},
 * each stack frame {@code {"class", "method", "file", "line"}}. Read back within the bounds of {@link RemoteError}.
 */
final class RemoteErrorJson {

  private RemoteErrorJson() {
  }

  static void write(JsonGenerator gen, RemoteError error) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("class", error.className());
    if (error.message() != null) {
      gen.writeStringField("message", error.message());
    }
    if (error.code() != 0) {
      gen.writeNumberField("code", error.code());
    }
    writeStack(gen, "stack", error.stack());
    if (error.cause() != null) {
      gen.writeFieldName("cause");
      write(gen, error.cause());
    }
    gen.writeEndObject();
  }

  static void writeStack(JsonGenerator gen, String field, List<RemoteError.StackFrame> stack) throws IOException {
    gen.writeArrayFieldStart(field);
    for (RemoteError.StackFrame frame : stack) {
      gen.writeStartObject();
      gen.writeStringField("class", frame.declaringClass());
      gen.writeStringField("method", frame.method());
      if (frame.file() != null) {
        gen.writeStringField("file", frame.file());
      }
      gen.writeNumberField("line", frame.line());
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  /** An error as {@link #write} writes it; causes deeper than {@link RemoteError#MAX_CAUSE_DEPTH} are dropped. */
  static RemoteError read(JsonNode node) throws ProtocolException {
    return read(node, 0);
  }

  private static RemoteError read(JsonNode node, int depth) throws ProtocolException {
    List<RemoteError.StackFrame> stack = readStack(node.get("stack"));
    JsonNode cause = node.get("cause");
    RemoteError readCause = cause != null && cause.isObject() && depth < RemoteError.MAX_CAUSE_DEPTH
      ? read(cause, depth + 1) : null;
    String message = node.hasNonNull("message") ? node.get("message").asText() : null;
    return new RemoteError(text(node, "class"), message, stack, readCause, node.path("code").asInt(0));
  }

  /** Stack frames as {@link #writeStack} writes them; at most {@link RemoteError#MAX_STACK_FRAMES}. */
  static List<RemoteError.StackFrame> readStack(JsonNode frames) {
    List<RemoteError.StackFrame> stack = new ArrayList<>();
    if (frames != null && frames.isArray()) {
      for (JsonNode f : frames) {
        if (stack.size() == RemoteError.MAX_STACK_FRAMES) {
          break;
        }
        stack.add(new RemoteError.StackFrame(f.path("class").asText("?"), f.path("method").asText("?"),
          f.hasNonNull("file") ? f.get("file").asText() : null, f.path("line").asInt(-1)));
      }
    }
    return stack;
  }
}
