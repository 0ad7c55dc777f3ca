package io.phalanx.parallel.impl.tracing;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;

import java.util.Map;

/**
 * The open span of one task (see {@link TaskTracing}): the tracer's handle on it, and its context as propagation
 * headers for the task frame. It ends once, with the task's outcome, naming the worker the task went to. Its worker
 * is set on the supervisor's context; it ends there too.
 */
public final class TaskSpan {

  private final VertxTracer<?, ?> tracer;
  private final ContextInternal context;
  private final Object payload;
  private final Map<String, String> headers;
  private String worker;
  private String outcome;

  TaskSpan(VertxTracer<?, ?> tracer, ContextInternal context, Object payload, Map<String, String> headers) {
    this.tracer = tracer;
    this.context = context;
    this.payload = payload;
    this.headers = Map.copyOf(headers);
  }

  /** The span's context as the tracer propagates it: what the task frame carries to the worker. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The task was put in this worker's mailbox (the last one, should it move after a crash). */
  public void worker(String id) {
    this.worker = id;
  }

  /** Ends the span with the outcome before passing the outcome on. */
  public TaskOutcome around(TaskOutcome delegate) {
    return new TaskOutcome() {
      @Override
      public void succeeded(TaskValue result) {
        end(null);
        delegate.succeeded(result);
      }

      @Override
      public void failed(ParallelException failure) {
        end(failure);
        delegate.failed(failure);
      }

      @Override
      public Future<Void> progress(TaskValue update) {
        return delegate.progress(update);
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void end(ParallelException failure) {
    if (outcome != null) {
      return;
    }
    outcome = failure == null ? "ok" : Integer.toString(failure.failureCode());
    ((VertxTracer) tracer).receiveResponse(context, this, payload, failure, TAGS);
  }

  /** What the span's end says: the worker (when the task reached one) and the outcome. */
  private static final TagExtractor<TaskSpan> TAGS = new TagExtractor<>() {
    @Override
    public int len(TaskSpan span) {
      return span.worker == null ? 1 : 2;
    }

    @Override
    public String name(TaskSpan span, int index) {
      return index == 0 ? TaskTracing.OUTCOME : TaskTracing.WORKER;
    }

    @Override
    public String value(TaskSpan span, int index) {
      return index == 0 ? span.outcome : span.worker;
    }
  };
}
