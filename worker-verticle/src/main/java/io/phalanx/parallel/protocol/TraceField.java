package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optional {@code trace} field of a task frame: the propagation headers of the task's span as a flat object of
 * strings, {@code "trace":{"traceparent":"00-...-01","tracestate":"..."}}. It is written right after the id, before
 * {@code class}, so that a frame without it is byte for byte what it was before tracing existed and the worker's
 * canonical reader takes no extra branch for it.
 */
final class TraceField {

  /** What precedes the object in a frame. */
  static final byte[] START = ",\"trace\":".getBytes(StandardCharsets.US_ASCII);
  /** At most this many headers are read: a tracer writes two or three. */
  static final int MAX_ENTRIES = 32;

  private TraceField() {
  }

  /** Writes {@code {"name":"value",...}} with the generator's escaping. */
  static void write(JsonGenerator gen, Map<String, String> trace) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<String, String> header : trace.entrySet()) {
      gen.writeStringField(header.getKey(), header.getValue());
    }
    gen.writeEndObject();
  }

  /**
   * @return the index just after the flat object of strings that starts at {@code from} (its {@code '{'}), or -1 when
   * none ends before {@code end}; strings may hold escaped quotes and braces
   */
  static int objectEnd(byte[] line, int from, int end) {
    if (from >= end || line[from] != '{') {
      return -1;
    }
    boolean inString = false;
    for (int i = from + 1; i < end; i++) {
      byte b = line[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '}') {
        return i + 1;
      } else if (b == '{' || b == '[') {
        return -1;
      }
    }
    return -1;
  }

  /**
   * @return the headers of a {@code trace} object, {@code null} for none
   * @throws ProtocolException when it is not an object of at most {@link #MAX_ENTRIES} strings
   */
  static Map<String, String> read(JsonNode node) throws ProtocolException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject() || node.size() > MAX_ENTRIES) {
      throw new ProtocolException("the 'trace' field of a task frame must be an object of at most " + MAX_ENTRIES
        + " strings");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        throw new ProtocolException("the 'trace' field of a task frame holds a value that is not a string: '"
          + field.getKey() + "'");
      }
      headers.put(field.getKey(), field.getValue().textValue());
    }
    return headers;
  }
}
