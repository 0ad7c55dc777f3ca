package io.phalanx.parallel.impl.tracing;

import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.serviceproxy.ServiceException;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The parent's side of a traced task's calls to parent services. A traced task's proxies send its trace context as
 * message headers, which cross in the {@code service_call}; here the call gets a span of its own, a child of that
 * context, and the event-bus request to the service is sent on a context where that span is active, so Vert.x's own
 * event-bus tracing (the request's span and the service's) joins the task's trace. A call without trace context is
 * sent as it is. Exists only where Vert.x has a tracer.
 */
public final class ServiceCallTracing {

  /** The name of a service call's span. */
  static final String OPERATION = "phalanx.service_call";
  /** Tag: the service's address. */
  static final String ADDRESS = "phalanx.service.address";
  /** Tag: the proxy's method ({@code action} header). */
  static final String ACTION = "phalanx.service.action";

  private final VertxTracer<?, ?> tracer;
  private final String pool;

  private ServiceCallTracing(VertxTracer<?, ?> tracer, String pool) {
    this.tracer = tracer;
    this.pool = pool;
  }

  /** @return {@code null} when Vert.x has no tracer */
  public static ServiceCallTracing of(Vertx vertx, String pool) {
    VertxTracer<?, ?> tracer = ((VertxInternal) vertx).tracer();
    return tracer == null ? null : new ServiceCallTracing(tracer, pool);
  }

  /**
   * Sends a call ({@code send} sends it on the current context and answers the handler it is given) within the
   * call's span, when the call carries a trace context; {@code reply} gets the response after the span has ended.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void send(ContextInternal supervisor, String workerId, ServiceCallFrame call,
            Consumer<Handler<ServiceResponseFrame>> send, Handler<ServiceResponseFrame> reply) {
    // a context of the call's own: the span is active on it while the request is sent, and on nothing else
    ContextInternal context = supervisor.duplicate();
    Object span = ((VertxTracer) tracer).receiveRequest(context, SpanKind.RPC, TracingPolicy.PROPAGATE,
      new Call(pool, workerId, call), OPERATION, headers(call), Call.TAGS);
    if (span == null) {
      send.accept(reply);
      return;
    }
    context.dispatch(() -> send.accept(response -> {
      ServiceException failure = response.ok() ? null
        : new ServiceException(response.error().code(), response.error().message());
      ((VertxTracer) tracer).sendResponse(context, response, span, failure, OUTCOME);
      reply.handle(response);
    }));
  }

  private static List<Map.Entry<String, String>> headers(ServiceCallFrame call) {
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    call.headers().forEach((name, values) -> {
      if (!values.isEmpty()) {
        entries.add(new AbstractMap.SimpleImmutableEntry<>(name, values.get(0)));
      }
    });
    return entries;
  }

  /** What a call's span starts with: the pool, the worker, the service's address and the method. */
  private record Call(String pool, String worker, ServiceCallFrame frame) {

    static final TagExtractor<Call> TAGS = new TagExtractor<>() {
      private static final String[] NAMES = {TaskTracing.POOL, TaskTracing.WORKER, ADDRESS, ACTION};

      @Override
      public int len(Call call) {
        return call.action() == null ? 3 : 4;
      }

      @Override
      public String name(Call call, int index) {
        return NAMES[index];
      }

      @Override
      public String value(Call call, int index) {
        return switch (index) {
          case 0 -> call.pool();
          case 1 -> call.worker();
          case 2 -> call.frame().address();
          default -> call.action();
        };
      }
    };

    String action() {
      List<String> action = frame.headers().get("action");
      return action == null || action.isEmpty() ? null : action.get(0);
    }
  }

  /** What a call's span ends with: {@code ok}, or the failure code of its answer. */
  private static final TagExtractor<ServiceResponseFrame> OUTCOME = new TagExtractor<>() {
    @Override
    public int len(ServiceResponseFrame response) {
      return 1;
    }

    @Override
    public String name(ServiceResponseFrame response, int index) {
      return TaskTracing.OUTCOME;
    }

    @Override
    public String value(ServiceResponseFrame response, int index) {
      return response.ok() ? "ok" : Integer.toString(response.error().code());
    }
  };
}
