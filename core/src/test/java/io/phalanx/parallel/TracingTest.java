package io.phalanx.parallel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Kaboom;
import io.phalanx.parallel.fixtures.TraceContextOf;
import io.phalanx.parallel.services.GreetingService;
import io.phalanx.parallel.services.GreetingServiceImpl;
import io.phalanx.parallel.services.TracedGreet;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task spans through the Vert.x tracing SPI, recorded by OpenTelemetry's SDK into its in-memory exporter: each task's
 * span in the parent, a span the task opens inside its worker, and the spans of the calls it makes back into the
 * parent, all in one trace.
 */
class TracingTest extends PoolTestBase {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider = SdkTracerProvider.builder()
    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(provider)
    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
  /** The test's Vert.x without a tracer, for the one test that needs none. */
  private Vertx untraced;

  @BeforeEach
  void traceVertx() {
    untraced = vertx;
    // PoolTestBase closes this one after the test and checks that no worker survived it
    vertx = Vertx.builder().withTracer(new OpenTelemetryTracingFactory(openTelemetry)).build();
  }

  @AfterEach
  void closeTheSdk() {
    provider.close();
  }

  private static final AttributeKey<String> POOL = AttributeKey.stringKey("phalanx.pool");
  private static final AttributeKey<String> WORKER = AttributeKey.stringKey("phalanx.worker");
  private static final AttributeKey<String> TASK_CLASS = AttributeKey.stringKey("phalanx.task.class");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("phalanx.outcome");

  private List<SpanData> spans(String name) {
    return exporter.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).toList();
  }

  private SpanData onlyTaskSpan() {
    assertThat(spans("phalanx.task")).hasSize(1);
    return spans("phalanx.task").get(0);
  }

  @Test
  void aTaskSpanNamesPoolWorkerClassAndOutcome() {
    deploy(ParallelConfig.singleWorker());

    assertThat(await(Parallel.create(vertx).inWorker(new Add(2, 3)))).isEqualTo(5);

    SpanData task = onlyTaskSpan();
    assertThat(task.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(task.getAttributes().get(POOL)).isEqualTo(ParallelConfig.DEFAULT_ADDRESS);
    assertThat(task.getAttributes().get(WORKER)).isEqualTo("worker-0");
    assertThat(task.getAttributes().get(TASK_CLASS)).isEqualTo(Add.class.getName());
    assertThat(task.getAttributes().get(OUTCOME)).isEqualTo("ok");
    assertThat(task.hasEnded()).isTrue();
  }

  @Test
  void aFailedTaskSpanCarriesTheFailureCode() {
    deploy(ParallelConfig.singleWorker());

    assertThat(failureOf(Parallel.create(vertx).inWorker(new Kaboom("bang"))))
      .isInstanceOf(TaskFailedException.class);

    SpanData task = onlyTaskSpan();
    assertThat(task.getAttributes().get(OUTCOME)).isEqualTo("500");
    assertThat(task.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
  }

  @Test
  void anInnerSpanAndAServiceCallJoinTheTaskTrace() {
    deploy(ParallelConfig.singleWorker().addParentService(GreetingService.class, GreetingService.ADDRESS,
      GreetingServiceImpl.class));

    TracedGreet.Report report = await(Parallel.create(vertx).inWorker(new TracedGreet("tracer")));

    assertThat(report.greeting()).isEqualTo("hello tracer");
    SpanData task = onlyTaskSpan();
    String trace = task.getTraceId();
    // the span opened inside the worker (by the worker's own SDK) is a child of the task's span
    assertThat(report.traceContext()).containsKey("traceparent");
    assertThat(report.traceId()).isEqualTo(trace);
    assertThat(report.parentSpanId()).isEqualTo(task.getSpanId());
    // the call back into the parent: a span of its own, then Vert.x's event-bus spans of the request to the service
    SpanData call = spans("phalanx.service_call").get(0);
    assertThat(call.getTraceId()).isEqualTo(trace);
    assertThat(call.getParentSpanId()).isEqualTo(task.getSpanId());
    assertThat(call.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("phalanx.service.address")))
      .isEqualTo(GreetingService.ADDRESS);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("phalanx.service.action"))).isEqualTo("greet");
    assertThat(call.getAttributes().get(WORKER)).isEqualTo("worker-0");
    assertThat(call.getAttributes().get(OUTCOME)).isEqualTo("ok");
    SpanData request = spans("send").stream().filter(s -> s.getParentSpanId().equals(call.getSpanId()))
      .findFirst().orElseThrow(() -> new AssertionError("no event-bus span under the call: " + spans("send")));
    assertThat(request.getTraceId()).isEqualTo(trace);
    assertThat(spans("send")).anySatisfy(delivery -> {
      assertThat(delivery.getParentSpanId()).isEqualTo(request.getSpanId());
      assertThat(delivery.getKind()).isEqualTo(SpanKind.SERVER);
    });
  }

  @Test
  void aTaskSpanIsAChildOfTheCallersSpan() {
    deploy(ParallelConfig.singleWorker());
    Tracer tracer = openTelemetry.getTracer("test");
    Promise<Integer> sum = Promise.promise();
    String[] callerSpan = new String[2];

    vertx.getOrCreateContext().runOnContext(v -> {
      Span caller = tracer.spanBuilder("caller").startSpan();
      callerSpan[0] = caller.getSpanContext().getTraceId();
      callerSpan[1] = caller.getSpanContext().getSpanId();
      Scope current = caller.makeCurrent();
      try {
        Parallel.create(vertx).inWorker(new Add(1, 1)).onComplete(sum);
      } finally {
        current.close();
        caller.end();
      }
    });

    assertThat(await(sum.future())).isEqualTo(2);
    SpanData task = onlyTaskSpan();
    assertThat(task.getTraceId()).isEqualTo(callerSpan[0]);
    assertThat(task.getParentSpanId()).isEqualTo(callerSpan[1]);
  }

  @Test
  void aRequestOnTheEventBusGetsASpanToo() {
    deploy(ParallelConfig.singleWorker());

    Future<JsonObject> reply = vertx.eventBus().<JsonObject>request(ParallelConfig.DEFAULT_ADDRESS,
      new JsonObject().put("task", Add.class.getName()).put("args", new JsonObject().put("a", 4).put("b", 5)))
      .map(message -> message.body());

    assertThat(await(reply).getInteger("result")).isEqualTo(9);
    assertThat(onlyTaskSpan().getAttributes().get(TASK_CLASS)).isEqualTo(Add.class.getName());
  }

  @Test
  void aClientsTraceparentHeaderIsTheParent() {
    deploy(ParallelConfig.singleWorker().setTracingPolicy(TracingPolicy.PROPAGATE));
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    String client = "00f067aa0ba902b7";

    // what a client in another language sends through the TCP event-bus bridge: a header, no tracer of its own
    await(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS, new JsonObject().put("task", Add.class.getName())
      .put("args", new JsonObject().put("a", 1).put("b", 2)),
      new DeliveryOptions().addHeader("traceparent", "00-" + trace + "-" + client + "-01")));

    SpanData task = onlyTaskSpan();
    assertThat(task.getTraceId()).isEqualTo(trace);
    SpanData delivery = exporter.getFinishedSpanItems().stream()
      .filter(span -> span.getSpanId().equals(task.getParentSpanId())).findFirst().orElseThrow();
    assertThat(delivery.getParentSpanId()).isEqualTo(client);
  }

  @Test
  void propagateTracesOnlyTasksOfTracedCallers() {
    deploy(ParallelConfig.singleWorker().setTracingPolicy(TracingPolicy.PROPAGATE));

    assertThat(await(Parallel.create(vertx).inWorker(new TraceContextOf()))).isEmpty();

    assertThat(spans("phalanx.task")).isEmpty();
  }

  @Test
  void ignoreTracesNoTask() {
    deploy(ParallelConfig.singleWorker().setTracingPolicy(TracingPolicy.IGNORE));

    assertThat(await(Parallel.create(vertx).inWorker(new TraceContextOf()))).isEmpty();

    assertThat(spans("phalanx.task")).isEmpty();
  }

  @Test
  void withoutATracerATaskHasNoTraceContext() {
    await(untraced.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker())));

    Map<String, String> context = await(Parallel.create(untraced).inWorker(new TraceContextOf()));

    assertThat(context).isEmpty();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    await(untraced.close());
  }
}
