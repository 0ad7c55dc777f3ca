package io.phalanx.parallel.examples.bench;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.vertx.core.Vertx;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one-at-a-time no-op round trip of a 1-worker pool on a Vert.x without a tracer and on one with an OpenTelemetry
 * tracer (vertx-opentelemetry, the SDK sampling every span, a span processor that hands each span at its end to an
 * exporter that drops it), run after run in alternation so that both see the same machine. The difference is what a
 * task's span costs when tracing is on: opening and ending it, its context in the task frame, reading it in the
 * worker. With no tracer a pool runs no tracing code at all; {@code noop_rtt_p50_us_untraced} is the figure to set
 * against the same key of an earlier build.
 */
final class TracedRoundTrip {

  private TracedRoundTrip() {
  }

  /** Counts the spans it is given and keeps none. */
  static final class Discard implements SpanExporter {
    final AtomicLong spans = new AtomicLong();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAndGet(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static void measure(int warmup, int count, int runs, BenchResults results) throws Exception {
    Discard exporter = new Discard();
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
      .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    Vertx plain = Vertx.vertx();
    Vertx traced = Vertx.builder().withTracer(new OpenTelemetryTracingFactory(sdk)).build();
    try {
      PoolDriver untracedPool = pool(plain, "bench.pool1.untraced");
      PoolDriver tracedPool = pool(traced, "bench.pool1.traced");
      untracedPool.oneAtATime(warmup, NoopTask::new);
      tracedPool.oneAtATime(warmup, NoopTask::new);
      List<Double> without = new ArrayList<>();
      List<Double> with = new ArrayList<>();
      long spansBefore = exporter.spans.get();
      for (int r = 0; r < runs; r++) {
        without.add(Stats.percentile(untracedPool.oneAtATime(count, NoopTask::new), 50) / 1e3);
        with.add(Stats.percentile(tracedPool.oneAtATime(count, NoopTask::new), 50) / 1e3);
      }
      long spans = exporter.spans.get() - spansBefore;
      if (spans < (long) count * runs) {
        throw new IllegalStateException("the traced pool ended " + spans + " spans for " + count * runs + " tasks");
      }
      results.record("noop_rtt_p50_us_untraced", without,
        "as noop_rtt_p50_us, on a Vert.x without a tracer, in alternation with the next key; p50 per run");
      results.record("noop_rtt_p50_us_traced", with,
        "the same on a Vert.x with an OpenTelemetry tracer: a span per task, its context to the worker; p50 per run");
    } finally {
      plain.close().await(60, TimeUnit.SECONDS);
      traced.close().await(60, TimeUnit.SECONDS);
      provider.close();
    }
  }

  private static PoolDriver pool(Vertx vertx, String address) throws Exception {
    vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(1).setAddress(address)
      .setMailboxLimit(Bench.MAILBOX_LIMIT))).await(120, TimeUnit.SECONDS);
    return new PoolDriver(vertx.getOrCreateContext(), Parallel.create(vertx, address), address);
  }
}
