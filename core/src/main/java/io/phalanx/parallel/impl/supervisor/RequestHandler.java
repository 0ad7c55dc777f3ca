package io.phalanx.parallel.impl.supervisor;

import io.phalanx.parallel.EventBusHeaders;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.ParallelReplyException;
import io.phalanx.parallel.impl.codec.RequestHeaders;
import io.phalanx.parallel.impl.codec.TaskResultMessageCodec;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.impl.pool.WorkerPool;
import io.phalanx.parallel.impl.tracing.TaskSpan;
import io.phalanx.parallel.impl.tracing.TaskTracing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

/**
 * Answers one pool or worker address: hands each request to the pool and replies with the outcome. A JSON request is
 * answered with {@code {"result": ...}}; a {@code Task} request with a {@link TaskValue} the client reads into the
 * task's result type; a failure with a {@link ParallelReplyException} carrying its failure code.
 * <p>
 * Every request gets exactly one answer: its headers are read first ({@link RequestHeaders}), a body that cannot be
 * decoded, bad headers or bad input are answered with 400 at once, and anything the handler did not expect is still
 * answered (500) instead of leaving the sender to its send timeout.
 */
public final class RequestHandler implements Handler<Message<Object>> {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");
  private static final DeliveryOptions RESULT_OPTIONS = new DeliveryOptions().setCodecName(TaskResultMessageCodec.NAME);

  private final WorkerPool pool;
  private final int workerIndex;
  private final EventBus eventBus;

  /**
   * @param workerIndex the worker this address feeds, or -1 for the pool address
   */
  public RequestHandler(WorkerPool pool, int workerIndex, EventBus eventBus) {
    this.pool = pool;
    this.workerIndex = workerIndex;
    this.eventBus = eventBus;
  }

  @Override
  public void handle(Message<Object> message) {
    Answer answer = new Answer(message);
    try {
      RequestHeaders headers = RequestHeaders.read(message.headers(), pool.address());
      Object body = body(message);
      answer.json = body instanceof JsonObject;
      if (headers.progressAddress() != null) {
        answer.progress = new ProgressSender(eventBus, headers.progressAddress(), pool.address(), !answer.json);
      }
      TaskTracing tracing = pool.tracing();
      // the message's context: where Vert.x's own event-bus tracing left the sender's trace
      TaskSpan span = tracing == null ? null : tracing.start(ContextInternal.current(), body);
      pool.submit(body, workerIndex, headers.timeout(), headers.requestId(), headers.retries(), span, answer);
    } catch (IllegalArgumentException e) {
      answer.failed(new InvalidTaskException(e.getMessage() + " (pool '" + pool.address() + "')"));
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(System.Logger.Level.WARNING, "pool '" + pool.address() + "' could not handle a request", e);
      answer.failed(new ParallelException("pool '" + pool.address() + "' could not handle the request: " + e,
        FailureCodes.TASK_FAILED));
    }
  }

  /** The body, decoded here on a cluster: a body that does not decode is the sender's fault. */
  private static Object body(Message<Object> message) {
    try {
      return message.body();
    } catch (RuntimeException | StackOverflowError e) {
      throw new IllegalArgumentException("the request body could not be decoded (codec " + codecOf(message) + "): "
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + RequestHeaders.shorten(e.getMessage())));
    }
  }

  /** Read by reflection: Vert.x's {@code MessageImpl}, which knows it, is in a package its module does not export. */
  private static String codecOf(Message<Object> message) {
    try {
      return message.getClass().getMethod("codec").invoke(message) instanceof MessageCodec<?, ?> codec ? codec.name()
        : "unknown";
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The request's one answer: later outcomes (there should be none) are dropped. */
  private final class Answer implements TaskOutcome {
    private final Message<Object> message;
    private boolean json;
    private ProgressSender progress;
    private boolean answered;

    Answer(Message<Object> message) {
      this.message = message;
    }

    @Override
    public Future<Void> progress(TaskValue update) {
      return progress == null || answered ? Future.succeededFuture() : progress.send(update);
    }

    @Override
    public void succeeded(TaskValue result) {
      if (answered) {
        return;
      }
      answered = true;
      if (!json) {
        reply(result, new DeliveryOptions(RESULT_OPTIONS));
        return;
      }
      // a large result's JSON is built, and sent (Vert.x copies it for a receiver in this JVM, encodes it for one on
      // another node), on a worker thread: the supervisor's loop serves every worker's frames
      Context context = Vertx.currentContext();
      afterProgress(() -> {
        DeliveryOptions options = counted(new DeliveryOptions());
        result.toVertx(context, value -> {
          message.reply(new JsonObject().put("result", value), options);
          return null;
        })
          .onFailure(cause -> message.reply(new ParallelReplyException(new ParallelException("pool '"
            + pool.address() + "' could not convert the result: " + cause, FailureCodes.TASK_FAILED))));
      });
    }

    /**
     * The result goes after every progress update, with their count: the client holds it back until they are in. (A
     * failure also goes after them, for the updates to reach the client before it stops listening.)
     */
    private void reply(Object body, DeliveryOptions options) {
      afterProgress(() -> message.reply(body, counted(options)));
    }

    private DeliveryOptions counted(DeliveryOptions options) {
      if (progress != null) {
        options.addHeader(EventBusHeaders.PROGRESS_COUNT, Integer.toString(progress.sent()));
      }
      return options;
    }

    @Override
    public void failed(ParallelException failure) {
      if (!answered) {
        answered = true;
        ParallelReplyException reply = new ParallelReplyException(failure);
        afterProgress(() -> message.reply(reply));
      }
    }

    private void afterProgress(Runnable answer) {
      if (progress == null) {
        answer.run();
      } else {
        progress.afterSent(answer);
      }
    }
  }

  /** The {@value EventBusHeaders#RETRIES} header: -1 (the pool's) when absent; the pool caps it at its own. */

}
