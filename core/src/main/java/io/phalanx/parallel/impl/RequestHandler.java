package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.EventBusHeaders;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.TaskOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

/**
 * Answers one pool or worker address: hands each request to the pool and replies with the outcome. A JSON request is
 * answered with {@code {"result": ...}}; a {@code Task} request with a {@link TaskResult} the client reads into the
 * task's result type; a failure with a {@link ParallelReplyException} carrying its failure code.
 */
public final class RequestHandler implements Handler<Message<Object>> {

  /** How long a progress update waits for its receiver's acknowledgement before the next one may go. */
  static final long PROGRESS_ACK_TIMEOUT_MS = 1_000;
  private static final DeliveryOptions PROGRESS_OPTIONS = new DeliveryOptions().setSendTimeout(PROGRESS_ACK_TIMEOUT_MS);
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
    boolean json = message.body() instanceof JsonObject;
    long timeout;
    try {
      timeout = timeoutOf(message);
    } catch (IllegalArgumentException e) {
      message.reply(new ParallelReplyException(new InvalidTaskException(e.getMessage() + " (pool '"
        + pool.address() + "')")));
      return;
    }
    String requestId = message.headers().get(EventBusHeaders.REQUEST_ID);
    String progressAddress = message.headers().get(EventBusHeaders.PROGRESS_ADDRESS);
    TaskTracing tracing = pool.tracing();
    // the message's context: where Vert.x's own event-bus tracing left the sender's trace
    TaskSpan span = tracing == null ? null : tracing.start(ContextInternal.current(), message.body());
    pool.submit(message.body(), workerIndex, timeout, requestId, span, new TaskOutcome() {
      private int progressSent;

      @Override
      public Future<Void> progress(JsonNode update) {
        if (progressAddress == null) {
          return Future.succeededFuture();
        }
        progressSent++;
        // a request, so that the receiver's reply paces the updates: one unacknowledged update per task at most
        // (a receiver that never replies gets one per PROGRESS_ACK_TIMEOUT_MS)
        return eventBus.request(progressAddress, new JsonObject().put("seq", progressSent)
          .put("progress", JsonValues.toVertx(update)), PROGRESS_OPTIONS).transform(ar -> Future.succeededFuture());
      }

      @Override
      public void succeeded(JsonNode result) {
        DeliveryOptions options = json ? new DeliveryOptions() : new DeliveryOptions(RESULT_OPTIONS);
        if (progressAddress != null) {
          options.addHeader(EventBusHeaders.PROGRESS_COUNT, Integer.toString(progressSent));
        }
        if (json) {
          message.reply(new JsonObject().put("result", JsonValues.toVertx(result)), options);
        } else {
          message.reply(new TaskResult(result), options);
        }
      }

      @Override
      public void failed(ParallelException failure) {
        message.reply(new ParallelReplyException(failure));
      }
    });
  }

  private static long timeoutOf(Message<Object> message) {
    String header = message.headers().get(TaskOptions.TIMEOUT_HEADER);
    if (header == null) {
      return TaskOptions.DEFAULT_TIMEOUT;
    }
    try {
      long timeout = Long.parseLong(header.trim());
      if (timeout < -1) {
        throw new NumberFormatException();
      }
      return timeout;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header " + TaskOptions.TIMEOUT_HEADER + " must be a number of milliseconds "
        + "(-1 for the pool's timeout, 0 for none), was '" + header + "'");
    }
  }
}
