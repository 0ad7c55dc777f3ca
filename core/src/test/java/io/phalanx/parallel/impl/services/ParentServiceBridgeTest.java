package io.phalanx.parallel.impl.services;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.phalanx.parallel.services.Bundles;
import io.phalanx.parallel.services.GreetingService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parent's end of the bridge against a real event bus and the generated proxy handler, without workers: calls
 * are handed in as frames, responses come out as frames.
 */
class ParentServiceBridgeTest {

  private Vertx vertx;
  private ParentServiceBridge bridge;

  @BeforeEach
  void bind() throws Exception {
    vertx = Vertx.vertx();
    ParallelConfig config = ParallelConfig.defaults().setServiceCallTimeout(200)
      .setServiceBundles(List.of(Bundles.Test.class.getName()));
    bridge = ParentServiceBridge.create(vertx, config, getClass().getClassLoader());
    onContext(() -> bridge.bind());
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private <T> T onContext(java.util.function.Supplier<Future<T>> action) throws Exception {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(promise));
    return promise.future().await(20, TimeUnit.SECONDS);
  }

  private ServiceResponseFrame call(String address, Map<String, List<String>> headers, Object body) throws Exception {
    return onContext(() -> {
      Promise<ServiceResponseFrame> response = Promise.promise();
      bridge.handle("worker-9", new ServiceCallFrame(17, address, headers, body), response::complete);
      return response.future();
    });
  }

  private ServiceResponseFrame call(String action, JsonObject body) throws Exception {
    return call(GreetingService.ADDRESS, Map.of("action", List.of(action)), body);
  }

  @Test
  void allowedCallIsSentAndAnsweredWithItsId() throws Exception {
    ServiceResponseFrame response = call("twice", new JsonObject().put("number", 21));

    // the reply is read where it is written for the worker, off the supervisor's loop
    assertThat(response.body()).isInstanceOf(DeferredReply.class);
    assertThat(DeferredReply.read(response)).isEqualTo(ServiceResponseFrame.success(17, 42L));
    assertThat(bridge.stats()).isEqualTo(new JsonObject().put("calls", 1L).put("refused", 0L).put("failed", 0L)
      .put("addresses", new JsonObject().put(GreetingService.ADDRESS, 1L)));
  }

  @Test
  void anAddressOffTheAllowlistIsRefusedWithoutBeingSent() throws Exception {
    vertx.eventBus().consumer("elsewhere", message -> message.reply("reached"));

    ServiceResponseFrame response = call("elsewhere", Map.of(), "hi");

    assertThat(response.ok()).isFalse();
    assertThat(response.error().code()).isEqualTo(ServiceFailureCodes.REFUSED);
    assertThat(response.error().message()).contains("'elsewhere'").contains(GreetingService.ADDRESS);
    assertThat(bridge.stats().getLong("refused")).isEqualTo(1);
  }

  @Test
  void aServiceExceptionKeepsItsCodeAndMessage() throws Exception {
    ServiceResponseFrame response = call("fail", new JsonObject().put("code", 409).put("message", "conflict"));

    assertThat(response.error()).isEqualTo(new ServiceResponseFrame.Failure(409, "conflict", new JsonObject()));
  }

  @Test
  void anUnknownActionIsTheProxyHandlersOwnFailure() throws Exception {
    ServiceResponseFrame response = call("nope", new JsonObject());

    assertThat(response.ok()).isFalse();
    assertThat(response.error().message()).contains("nope");
  }

  @Test
  void aReplyThatDoesNotComeInTimeFailsWithTheTimeoutCode() throws Exception {
    ServiceResponseFrame response = call("slow", new JsonObject().put("millis", 5_000));

    assertThat(response.error().code()).isEqualTo(ServiceFailureCodes.TIMEOUT);
    assertThat(response.error().message()).contains("slow").contains("200 ms");
  }

  @Test
  void aBodyTheProxyHandlerCannotReadIsItsFailure() throws Exception {
    ServiceResponseFrame response = call(GreetingService.ADDRESS, Map.of("action", List.of("greet")),
      new BigInteger("5"));

    assertThat(response.ok()).isFalse();
    assertThat(response.error().code()).isEqualTo(500);
  }

  @Test
  void unbindingRefusesCallsAndRemovesHandler() throws Exception {
    onContext(() -> bridge.unbind());

    ServiceResponseFrame response = call("twice", new JsonObject().put("number", 1));

    assertThat(response.error().code()).isEqualTo(ServiceFailureCodes.REFUSED);
    assertThat(response.error().message()).contains("stopping");
  }

  @Test
  void oversizedOrUncrossableReplyFails() throws Exception {
    FrameCodec codec = new FrameCodec(ProtocolMapper.create(), 1024);

    ServiceResponseFrame tooLarge = (ServiceResponseFrame) codec.decode(
      ParentServiceBridge.encode(codec, ServiceResponseFrame.success(5, "x".repeat(2000))));
    ServiceResponseFrame unsupported = (ServiceResponseFrame) codec.decode(
      ParentServiceBridge.encode(codec, ServiceResponseFrame.success(6, new Object())));
    ServiceResponseFrame hugeFailure = (ServiceResponseFrame) codec.decode(
      ParentServiceBridge.encode(codec, ServiceResponseFrame.failure(7, 500, "y".repeat(2000))));

    assertThat(tooLarge.id()).isEqualTo(5);
    assertThat(tooLarge.error().code()).isEqualTo(ServiceFailureCodes.TOO_LARGE);
    assertThat(tooLarge.error().message()).contains("1024");
    assertThat(unsupported.error().code()).isEqualTo(ServiceFailureCodes.UNSUPPORTED_VALUE);
    assertThat(unsupported.error().message()).contains("java.lang.Object");
    assertThat(hugeFailure.error().code()).isEqualTo(ServiceFailureCodes.TOO_LARGE);
  }
}
