package io.phalanx.parallel.services;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

import java.util.Map;

/**
 * Opens a span inside the worker, as a child of the task's trace context, and greets through the parent's
 * {@link GreetingService} within it. The worker has an OpenTelemetry SDK of its own, whose in-memory exporter the
 * task reads back: the report says where its span sits in the trace.
 */
public record TracedGreet(String name) implements Task<TracedGreet.Report> {

  public record Report(Map<String, String> traceContext, String traceId, String spanId, String parentSpanId,
                       String greeting) {
  }

  @Override
  public Report run(TaskScope scope) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), scope.traceContext(),
        MapGetter.INSTANCE);
      Span span = provider.get("tasks").spanBuilder("inside the task").setParent(parent).startSpan();
      String greeting;
      try {
        greeting = scope.await(scope.service(GreetingService.class).greet(name));
      } finally {
        span.end();
      }
      SpanData inside = exporter.getFinishedSpanItems().get(0);
      return new Report(scope.traceContext(), inside.getTraceId(), inside.getSpanId(), inside.getParentSpanId(),
        greeting);
    }
  }

  /** Reads propagation headers from the map {@code scope.traceContext()} returns. */
  enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
