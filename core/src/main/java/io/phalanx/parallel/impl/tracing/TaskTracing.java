package io.phalanx.parallel.impl.tracing;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.impl.codec.EncodedTask;
import io.phalanx.parallel.task.Task;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spans of one pool's tasks, through the Vert.x tracing SPI ({@link VertxTracer}): whatever tracer the
 * application gave Vert.x (vertx-opentelemetry, vertx-zipkin) records them. Each task's span opens where the pool
 * gets the task (on the caller's context, as a child of the span active there) and ends with its outcome, so it
 * covers the wait in a mailbox and the run in a worker. Its context crosses to the worker in the task frame.
 * <p>
 * A pool whose Vert.x has no tracer, or whose tracing policy is {@link TracingPolicy#IGNORE}, has no
 * {@code TaskTracing} at all ({@link #of} returns {@code null}): nothing about tracing runs for its tasks.
 */
public final class TaskTracing {

  /** The name of a task's span. */
  public static final String OPERATION = "phalanx.task";
  /** Tag: the pool's address. */
  public static final String POOL = "phalanx.pool";
  /** Tag: the task's class. */
  public static final String TASK_CLASS = "phalanx.task.class";
  /** Tag: the worker the task went to ({@code worker-0}); absent when it never reached one. */
  public static final String WORKER = "phalanx.worker";
  /** Tag: {@code ok}, or the failure code of the task's failure ({@code 500}, {@code 504}, ...). */
  public static final String OUTCOME = "phalanx.outcome";
  /** Longer task class names (from a JSON request, which names any string) are cut in the tag. */
  private static final int MAX_CLASS_CHARS = 256;

  private final VertxTracer<?, ?> tracer;
  private final TracingPolicy policy;
  private final String pool;

  private TaskTracing(VertxTracer<?, ?> tracer, TracingPolicy policy, String pool) {
    this.tracer = tracer;
    this.policy = policy;
    this.pool = pool;
  }

  /**
   * @return the tracing of a pool, or {@code null} when Vert.x has no tracer or the policy is to ignore tasks
   */
  public static TaskTracing of(Vertx vertx, ParallelConfig config) {
    VertxTracer<?, ?> tracer = ((VertxInternal) vertx).tracer();
    if (tracer == null || config.getTracingPolicy() == TracingPolicy.IGNORE) {
      return null;
    }
    return new TaskTracing(tracer, config.getTracingPolicy(), config.getAddress());
  }

  /**
   * Opens the span of a task that a request brings.
   *
   * @param caller the context the task was submitted on: the span is a child of the trace active there
   * @param body   the request body (a {@code Task}, a JSON request, or a task from another cluster node)
   * @return the span, or {@code null} when the tracer opens none (the policy is {@link TracingPolicy#PROPAGATE} and
   * the caller is not traced)
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public TaskSpan start(ContextInternal caller, Object body) {
    Map<String, String> headers = new LinkedHashMap<>(4);
    TaskRequest request = new TaskRequest(pool, classOf(body));
    Object payload = ((VertxTracer) tracer).sendRequest(caller, SpanKind.RPC, policy, request, OPERATION,
      (java.util.function.BiConsumer<String, String>) headers::put, TaskRequest.TAGS);
    return payload == null ? null : new TaskSpan(tracer, caller, payload, headers);
  }

  private static String classOf(Object body) {
    String name;
    if (body instanceof Task<?> task) {
      name = task.getClass().getName();
    } else if (body instanceof EncodedTask encoded) {
      name = encoded.className();
    } else if (body instanceof JsonObject json && json.getValue("task") instanceof String className) {
      name = className;
    } else {
      name = "(none)";
    }
    return name.length() > MAX_CLASS_CHARS ? name.substring(0, MAX_CLASS_CHARS) + "..." : name;
  }

  /** What the span's start says: the pool and the task class. */
  record TaskRequest(String pool, String taskClass) {

    static final TagExtractor<TaskRequest> TAGS = new TagExtractor<>() {
      @Override
      public int len(TaskRequest request) {
        return 2;
      }

      @Override
      public String name(TaskRequest request, int index) {
        return index == 0 ? POOL : TASK_CLASS;
      }

      @Override
      public String value(TaskRequest request, int index) {
        return index == 0 ? request.pool() : request.taskClass();
      }
    };
  }
}
