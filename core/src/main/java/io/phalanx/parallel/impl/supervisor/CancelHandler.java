package io.phalanx.parallel.impl.supervisor;

import io.phalanx.parallel.EventBusHeaders;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.impl.codec.RequestHeaders;
import io.phalanx.parallel.impl.codec.RequestIds;
import io.phalanx.parallel.impl.pool.WorkerPool;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@code <address>.cancel}: {@code {"request": "<id>"}}, the id a caller sent in the
 * {@value EventBusHeaders#REQUEST_ID} header. The reply, {@code {"cancelled": true|false}}, comes once the task is
 * neither waiting nor running any more; {@code false} when no such task was waiting or running. Whoever knows an id
 * may cancel its task, so only random values are ids ({@link RequestIds}): a request with any other id was refused,
 * so such an id cancels nothing ({@code false} at once), and a guess among 2^122 ids finds nothing. A body of another
 * shape is answered with 400.
 */
public final class CancelHandler implements Handler<Message<Object>> {

  private final WorkerPool pool;

  public CancelHandler(WorkerPool pool) {
    this.pool = pool;
  }

  @Override
  public void handle(Message<Object> message) {
    String requestId = requestId(message);
    if (requestId == null) {
      return;
    }
    pool.cancel(requestId).onComplete(ar -> message.reply(new JsonObject().put("cancelled",
      ar.succeeded() && ar.result())));
  }

  /** @return the id to cancel, or {@code null} once the request was answered */
  private String requestId(Message<Object> message) {
    Object body;
    try {
      body = message.body();
    } catch (RuntimeException | StackOverflowError e) {
      message.fail(FailureCodes.INVALID_TASK, "the cancel request's body could not be decoded: " + e);
      return null;
    }
    if (!(body instanceof JsonObject json) || json.size() != 1 || !(json.getValue("request") instanceof String id)) {
      message.fail(FailureCodes.INVALID_TASK, "a cancel request must be {\"request\": \"<request id>\"}, was "
        + (body instanceof JsonObject json
        ? "an object with the fields " + RequestHeaders.shorten(String.valueOf(json.fieldNames()))
        : body == null ? "null" : "a " + body.getClass().getSimpleName()));
      return null;
    }
    if (!RequestIds.isRandom(id)) {
      // no task has such an id: requests with one are refused
      message.reply(new JsonObject().put("cancelled", false));
      return null;
    }
    return id;
  }
}
