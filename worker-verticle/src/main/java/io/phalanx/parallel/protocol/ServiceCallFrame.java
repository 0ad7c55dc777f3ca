package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child to parent: an event-bus request of a service proxy in the worker, to be sent on in the parent:
 * {@code {"type":"service_call","id":7,"address":"greeting","headers":{"action":"greet"},"body":{"type":"json_object",
 * "value":{"name":"worker"}}}}. A header with several values is written as an array of strings.
 *
 * @param id      chosen by the child, unique among its calls in flight; the {@link ServiceResponseFrame} repeats it
 * @param address the event-bus address of the parent service
 * @param headers the message headers, in order (a generated proxy sends {@code action}, the method name)
 * @param body    the message body, a value {@link TypedValue} can carry (a proxy sends a {@code JsonObject}); as
 *                read from a line, the typed value's {@code JsonNode}, still undecoded: a reader checks the address
 *                before it decodes the body ({@link #decodedBody()})
 */
public record ServiceCallFrame(long id, String address, Map<String, List<String>> headers, Object body)
  implements Frame {

  public static final String TYPE = "service_call";

  public ServiceCallFrame {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    }
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * @return the body as the value it stands for: decoded here when the frame was read from a line
   * @throws ProtocolException when the body is no typed value or breaks a limit
   */
  public Object decodedBody() throws ProtocolException {
    if (body instanceof Undecodable undecodable) {
      throw undecodable.why();
    }
    return body instanceof JsonNode node ? TypedValueReader.read(node) : body;
  }

  /**
   * This call with its body decoded ahead, for a reader that decodes it on another thread than the one that handles
   * the call: {@link #decodedBody} then returns it, or throws what decoding it threw.
   */
  public ServiceCallFrame withDecodedBody() {
    Object decoded;
    try {
      decoded = decodedBody();
    } catch (ProtocolException e) {
      decoded = new Undecodable(e);
    }
    return new ServiceCallFrame(id, address, headers, decoded);
  }

  /**
   * Whether the body is decoded already (given decoded, or {@link #withDecodedBody decoded ahead}): a reader decodes
   * ahead only the body of a large frame.
   */
  public boolean bodyDecoded() {
    return body != null && !(body instanceof JsonNode);
  }

  /** A body that could not be decoded ahead, and why. */
  private record Undecodable(ProtocolException why) {
  }

  void writeFields(JsonGenerator gen) throws IOException {
    gen.writeNumberField("id", id);
    gen.writeStringField("address", address);
    gen.writeObjectFieldStart("headers");
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      List<String> values = header.getValue();
      if (values.size() == 1) {
        gen.writeStringField(header.getKey(), values.get(0));
      } else {
        gen.writeArrayFieldStart(header.getKey());
        for (String value : values) {
          gen.writeString(value);
        }
        gen.writeEndArray();
      }
    }
    gen.writeEndObject();
    gen.writeFieldName("body");
    TypedValueWriter.write(gen, body);
  }

  static ServiceCallFrame read(JsonNode node) throws ProtocolException {
    long id = FrameFields.integer(node, "id");
    String address = FrameFields.text(node, "address");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    JsonNode headersNode = node.get("headers");
    if (headersNode != null && !headersNode.isNull()) {
      if (!headersNode.isObject()) {
        throw new ProtocolException("service_call frame whose 'headers' is not an object");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = headersNode.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        List<String> values = new ArrayList<>();
        JsonNode value = field.getValue();
        if (value.isTextual()) {
          values.add(value.textValue());
        } else if (value.isArray()) {
          for (JsonNode element : value) {
            if (!element.isTextual()) {
              throw new ProtocolException("service_call header '" + field.getKey() + "' holds a non-string value");
            }
            values.add(element.textValue());
          }
        } else {
          throw new ProtocolException("service_call header '" + field.getKey() + "' is neither a string nor an array");
        }
        headers.put(field.getKey(), values);
      }
    }
    JsonNode body = node.get("body");
    if (body == null) {
      throw new ProtocolException("service_call frame without field 'body'");
    }
    return new ServiceCallFrame(id, address, headers, body);
  }
}
