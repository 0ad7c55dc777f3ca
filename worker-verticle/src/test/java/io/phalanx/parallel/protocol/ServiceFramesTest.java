package io.phalanx.parallel.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code service_call} and {@code service_response} frames through {@link FrameCodec}.
 */
class ServiceFramesTest {

  private final FrameCodec codec = new FrameCodec(ProtocolMapper.create(), 4096);

  private Frame roundTrip(Frame frame) throws Exception {
    byte[] bytes = codec.encode(frame);
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
    assertThat(FrameCodec.isFrameLine(bytes)).isTrue();
    return codec.decode(bytes, 0, bytes.length - 1);
  }

  private String line(Frame frame) throws Exception {
    return new String(codec.encode(frame), StandardCharsets.UTF_8).trim();
  }

  @Test
  void aServiceCallIsOneLineWithTypeFirstAndItsBodyTyped() throws Exception {
    ServiceCallFrame call = new ServiceCallFrame(7, "greeting", Map.of("action", List.of("greet")),
      new JsonObject().put("name", "worker"));

    assertThat(line(call)).isEqualTo("{\"type\":\"service_call\",\"id\":7,\"address\":\"greeting\","
      + "\"headers\":{\"action\":\"greet\"},\"body\":{\"type\":\"json_object\",\"value\":{\"name\":\"worker\"}}}");
  }

  @Test
  void serviceCallRoundTripsWithItsHeaders() throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("action", List.of("store"));
    headers.put("tag", List.of("a", "b"));
    headers.put("empty", List.of(""));
    ServiceCallFrame call = new ServiceCallFrame(Long.MAX_VALUE, "db.results", headers,
      new JsonObject().put("id", 5L).put("values", new JsonArray().add(1L)));

    ServiceCallFrame back = (ServiceCallFrame) roundTrip(call);

    assertThat(new ServiceCallFrame(back.id(), back.address(), back.headers(), back.decodedBody())).isEqualTo(call);
    assertThat(back.headers().keySet()).containsExactly("action", "tag", "empty");
    assertThat(((JsonObject) back.decodedBody()).getValue("id")).isInstanceOf(Long.class);
  }

  @Test
  void aServiceCallMayCarryAScalarOrNullBody() throws Exception {
    for (Object body : new Object[] {null, "text", 3L, 2.5f, 'x'}) {
      ServiceCallFrame back = (ServiceCallFrame) roundTrip(new ServiceCallFrame(1, "a", Map.of(), body));
      assertThat(back.decodedBody()).isEqualTo(body);
    }
  }

  @Test
  void aSuccessfulResponseKeepsTheJavaTypeOfItsBody() throws Exception {
    ServiceResponseFrame back = (ServiceResponseFrame) roundTrip(ServiceResponseFrame.success(3, 42L));

    assertThat(back.ok()).isTrue();
    assertThat(back.body()).isInstanceOf(Long.class).isEqualTo(42L);
    assertThat(line(ServiceResponseFrame.success(3, 42L)))
      .isEqualTo("{\"type\":\"service_response\",\"id\":3,\"ok\":true,\"body\":{\"type\":\"long\",\"value\":42}}");
  }

  @Test
  void aFailedResponseCarriesCodeMessageAndDebugInfo() throws Exception {
    JsonObject debug = new JsonObject().put("causeName", "java.lang.IllegalStateException")
      .put("causeStackTrace", new JsonArray().add("at x"));

    ServiceResponseFrame back = (ServiceResponseFrame) roundTrip(
      ServiceResponseFrame.failure(4, 418, "I'm a teapot", debug));

    assertThat(back.ok()).isFalse();
    assertThat(back.error()).isEqualTo(new ServiceResponseFrame.Failure(418, "I'm a teapot", debug));
    assertThat(line(ServiceResponseFrame.failure(4, -1, null)))
      .isEqualTo("{\"type\":\"service_response\",\"id\":4,\"ok\":false,\"error\":{\"code\":-1}}");
    assertThat(((ServiceResponseFrame) roundTrip(ServiceResponseFrame.failure(4, -1, null))).error())
      .isEqualTo(new ServiceResponseFrame.Failure(-1, null, null));
  }

  @Test
  void oversizedCallIsRefusedBeforeWriting() {
    ServiceCallFrame call = new ServiceCallFrame(1, "a", Map.of(), "x".repeat(5000));

    assertThatThrownBy(() -> codec.encode(call)).isInstanceOf(FrameTooLargeException.class);
  }

  @Test
  void aBodyThatCannotCrossIsRefusedWhenEncoding() {
    assertThatThrownBy(() -> codec.encode(new ServiceCallFrame(1, "a", Map.of(), new Object())))
      .isInstanceOf(UnsupportedValueException.class);
  }

  @Test
  void callBodyIsDecodedLazilyAndBounded() throws Exception {
    byte[] wrongType = "{\"type\":\"service_call\",\"id\":1,\"address\":\"a\",\"body\":{\"type\":\"long\",\"value\":\"x\"}}"
      .getBytes(StandardCharsets.UTF_8);
    byte[] hugeNumber = ("{\"type\":\"service_call\",\"id\":2,\"address\":\"a\",\"body\":{\"type\":\"big_integer\","
      + "\"value\":\"" + "9".repeat(600_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
    ServiceCallFrame wrong = (ServiceCallFrame) new FrameCodec(ProtocolMapper.create()).decode(wrongType);
    ServiceCallFrame huge = (ServiceCallFrame) new FrameCodec(ProtocolMapper.create()).decode(hugeNumber);

    assertThat(wrong.address()).isEqualTo("a");
    assertThatThrownBy(wrong::decodedBody).isInstanceOf(ProtocolException.class);
    long started = System.nanoTime();
    assertThatThrownBy(huge::decodedBody).isInstanceOf(ProtocolException.class)
      .hasMessageContaining("600000 characters").hasMessageContaining("limit of 1000");
    assertThat(System.nanoTime() - started).as("refused before it is parsed").isLessThan(1_000_000_000L);
  }

  @Test
  void malformedServiceFramesAreProtocolErrors() {
    for (String bad : List.of(
      "{\"type\":\"service_call\",\"address\":\"a\",\"body\":{\"type\":\"null\"}}",
      "{\"type\":\"service_call\",\"id\":1,\"body\":{\"type\":\"null\"}}",
      "{\"type\":\"service_call\",\"id\":1,\"address\":\"a\"}",
      "{\"type\":\"service_call\",\"id\":1,\"address\":\"a\",\"headers\":[],\"body\":{\"type\":\"null\"}}",
      "{\"type\":\"service_call\",\"id\":1,\"address\":\"a\",\"headers\":{\"h\":1},\"body\":{\"type\":\"null\"}}",
      "{\"type\":\"service_response\",\"id\":1,\"body\":{\"type\":\"null\"}}",
      "{\"type\":\"service_response\",\"id\":1,\"ok\":true}",
      "{\"type\":\"service_response\",\"id\":1,\"ok\":false}",
      "{\"type\":\"service_response\",\"id\":1,\"ok\":false,\"error\":{\"message\":\"m\"}}")) {
      assertThatThrownBy(() -> codec.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
        .isInstanceOf(ProtocolException.class);
    }
  }
}
