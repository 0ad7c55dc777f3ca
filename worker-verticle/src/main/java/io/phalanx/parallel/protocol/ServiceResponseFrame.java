package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * Parent to child: the reply to a {@link ServiceCallFrame}. Either {@code ok} with the reply body as a
 * {@link TypedValue}, or not ok with an {@code error} {@code {code, message, debugInfo?}}: a {@code ServiceException}
 * the service replied with, or why the call failed on its way.
 *
 * @param id    the id of the call
 * @param ok    whether the service replied with a value
 * @param body  when ok: the reply body
 * @param error when not ok: the failure
 */
public record ServiceResponseFrame(long id, boolean ok, Object body, Failure error) implements Frame {

  public static final String TYPE = "service_response";

  /**
   * A failed call, as the task sees it: {@code new ServiceException(code, message, debugInfo)}.
   *
   * @param code      the failure code: the service's own, or one of {@code ServiceFailureCodes}
   * @param message   the message, may be null
   * @param debugInfo the service's debug info ({@code ServiceBinder.setIncludeDebugInfo}), may be null
   */
  public record Failure(int code, String message, JsonObject debugInfo) {
  }

  public static ServiceResponseFrame success(long id, Object body) {
    return new ServiceResponseFrame(id, true, body, null);
  }

  public static ServiceResponseFrame failure(long id, int code, String message) {
    return new ServiceResponseFrame(id, false, null, new Failure(code, message, null));
  }

  public static ServiceResponseFrame failure(long id, int code, String message, JsonObject debugInfo) {
    return new ServiceResponseFrame(id, false, null, new Failure(code, message, debugInfo));
  }

  @Override
  public String type() {
    return TYPE;
  }

  void writeFields(JsonGenerator gen) throws IOException {
    gen.writeNumberField("id", id);
    gen.writeBooleanField("ok", ok);
    if (ok) {
      gen.writeFieldName("body");
      TypedValueWriter.write(gen, body);
    } else {
      gen.writeObjectFieldStart("error");
      gen.writeNumberField("code", error.code());
      if (error.message() != null) {
        gen.writeStringField("message", error.message());
      }
      if (error.debugInfo() != null && !error.debugInfo().isEmpty()) {
        gen.writeFieldName("debugInfo");
        TypedValueWriter.writePlain(gen, error.debugInfo());
      }
      gen.writeEndObject();
    }
  }

  static ServiceResponseFrame read(JsonNode node) throws ProtocolException {
    long id = FrameFields.integer(node, "id");
    JsonNode ok = node.get("ok");
    if (ok == null || !ok.isBoolean()) {
      throw new ProtocolException("service_response frame without boolean field 'ok'");
    }
    if (ok.booleanValue()) {
      JsonNode body = node.get("body");
      if (body == null) {
        throw new ProtocolException("service_response frame without field 'body'");
      }
      return success(id, TypedValueReader.read(body));
    }
    JsonNode error = node.get("error");
    if (error == null || !error.isObject()) {
      throw new ProtocolException("failed service_response frame without object field 'error'");
    }
    JsonNode code = error.get("code");
    if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) {
      throw new ProtocolException("service_response error without integer field 'code'");
    }
    String message = error.hasNonNull("message") ? error.get("message").asText() : null;
    JsonObject debugInfo = error.hasNonNull("debugInfo") ? TypedValueReader.readPlain(error.get("debugInfo")) : null;
    return failure(id, code.intValue(), message, debugInfo);
  }
}
