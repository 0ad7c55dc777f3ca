package io.phalanx.parallel.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.phalanx.parallel.worker.services.EchoAll;
import io.phalanx.parallel.worker.services.EchoService;
import io.phalanx.parallel.worker.services.LengthOf;
import io.phalanx.parallel.worker.services.StampOf;
import io.phalanx.parallel.worker.services.TestBundles;
import io.phalanx.parallel.worker.services.Undeclared;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worker's end of the service bridge, in-process: the test plays the parent, reading the {@code service_call}
 * frames the worker writes and answering them with {@code service_response} frames.
 */
class ChildServiceBridgeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long SERVICE_TIMEOUT = 500;

  private final FrameCodec codec = new FrameCodec(ProtocolMapper.create());
  private Vertx vertx;
  private FeedInputStream stdin;
  private LineCapture frames;
  private ExitRecorder exit;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    stdin = new FeedInputStream();
    frames = new LineCapture();
    exit = new ExitRecorder(frames);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (!stdin.ended()) {
      send(ShutdownFrame.INSTANCE);
      stdin.end();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void deploy(Class<?>... bundles) throws Exception {
    List<String> names = java.util.Arrays.stream(bundles).map(Class::getName).toList();
    vertx.deployVerticle(new WorkerVerticle(new WorkerArguments("worker-3", FrameCodec.DEFAULT_MAX_FRAME_BYTES, -1,
        names, SERVICE_TIMEOUT), stdin, frames, exit))
      .toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(next()).isInstanceOf(ReadyFrame.class);
  }

  private void send(Frame frame) throws Exception {
    stdin.feed(codec.encode(frame));
  }

  private Frame next() throws Exception {
    return codec.decode(frames.nextLine(TIMEOUT).getBytes(StandardCharsets.UTF_8));
  }

  private ServiceCallFrame nextCall() throws Exception {
    Frame frame = next();
    assertThat(frame).isInstanceOf(ServiceCallFrame.class);
    return (ServiceCallFrame) frame;
  }

  private JsonNode nextResult() throws Exception {
    Frame frame = next();
    assertThat(frame).isInstanceOf(TaskResponseFrame.class);
    TaskResponseFrame response = (TaskResponseFrame) frame;
    assertThat(response.ok()).as("task failed: %s", response.error()).isTrue();
    return (JsonNode) response.result();
  }

  @Test
  void proxyCallBecomesFrameAndAnswersTask() throws Exception {
    deploy(TestBundles.Echo.class);

    send(new TaskFrame(1, LengthOf.class.getName(), new LengthOf("hello")));
    ServiceCallFrame call = nextCall();

    assertThat(call.address()).isEqualTo(EchoService.ADDRESS);
    assertThat(call.headers()).containsEntry("action", List.of("length"));
    assertThat(call.decodedBody()).isEqualTo(new JsonObject().put("text", "hello"));

    send(ServiceResponseFrame.success(call.id(), 5L));
    assertThat(nextResult().asText()).isEqualTo("java.lang.Long 5");
  }

  @Test
  void manyCallsInFlightAnsweredInAnyOrder() throws Exception {
    deploy(TestBundles.Echo.class);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      texts.add("t" + i);
    }

    send(new TaskFrame(1, EchoAll.class.getName(), new EchoAll(texts)));
    List<ServiceCallFrame> calls = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      calls.add(nextCall());
    }
    assertThat(calls).extracting(ServiceCallFrame::id).doesNotHaveDuplicates();
    Collections.reverse(calls);
    for (ServiceCallFrame call : calls) {
      send(ServiceResponseFrame.success(call.id(), "echo " + ((JsonObject) call.decodedBody()).getString("text")));
    }

    JsonNode result = nextResult();
    assertThat(result).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(result.get(i).asText()).isEqualTo("echo t" + i);
    }
  }

  @Test
  void failedResponseIsAServiceException() throws Exception {
    deploy(TestBundles.Echo.class);

    send(new TaskFrame(1, LengthOf.class.getName(), new LengthOf("x")));
    send(ServiceResponseFrame.failure(nextCall().id(), 418, "I'm a teapot"));

    assertThat(nextResult().asText()).isEqualTo("failed 418 I'm a teapot");
  }

  @Test
  void unansweredCallTimesOutLateAnswerDropped() throws Exception {
    deploy(TestBundles.Echo.class);

    send(new TaskFrame(1, LengthOf.class.getName(), new LengthOf("lost")));
    ServiceCallFrame lost = nextCall();

    String result = nextResult().asText();
    assertThat(result).startsWith("failed " + ServiceFailureCodes.TIMEOUT + " ")
      .contains(EchoService.ADDRESS).contains("length").contains("within " + SERVICE_TIMEOUT + " ms");

    send(ServiceResponseFrame.success(lost.id(), 4L));
    send(new TaskFrame(2, LengthOf.class.getName(), new LengthOf("next")));
    send(ServiceResponseFrame.success(nextCall().id(), 4L));
    assertThat(nextResult().asText()).isEqualTo("java.lang.Long 4");
  }

  @Test
  void localServiceIsUsedWithoutAnyFrame() throws Exception {
    deploy(TestBundles.Local.class);

    send(new TaskFrame(1, StampOf.class.getName(), new StampOf()));
    JsonNode stamp = nextResult();

    assertThat(stamp.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(stamp.get("thread").asText()).startsWith("vert.x-eventloop-thread");
  }

  @Test
  void aServiceNoBundleDeclaresFailsTheTaskNamingTheType() throws Exception {
    deploy(TestBundles.Local.class);

    send(new TaskFrame(1, Undeclared.class.getName(), new Undeclared()));
    TaskResponseFrame response = (TaskResponseFrame) next();

    assertThat(response.ok()).isFalse();
    assertThat(response.error().className()).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(response.error().message()).contains("java.lang.Runnable").contains("worker-3")
      .contains(TestBundles.Local.class.getName());
  }

  @Test
  void aBundleThatFailsMakesTheWorkerFailToStartNamingIt() {
    stdin.end();
    assertThatThrownBy(() -> vertx.deployVerticle(new WorkerVerticle(new WorkerArguments("worker-3",
        FrameCodec.DEFAULT_MAX_FRAME_BYTES, -1, List.of(TestBundles.ThrowingFactory.class.getName()), 1000), stdin,
        frames, exit))
      .toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
      .isInstanceOf(ExecutionException.class)
      .cause().isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining(TestBundles.ThrowingFactory.class.getName()).hasMessageContaining("factory broke");
    assertThat(frames.lines()).isEmpty();
  }
}
