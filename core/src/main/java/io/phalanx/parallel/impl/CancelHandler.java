package io.phalanx.parallel.impl;

import io.phalanx.parallel.EventBusHeaders;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@code <address>.cancel}: {@code {"request": "<id>"}}, the id a caller sent in the
 * {@value EventBusHeaders#REQUEST_ID} header. The reply, {@code {"cancelled": true|false}}, comes once the task is
 * neither waiting nor running any more; {@code false} when no such task was waiting or running.
 */
public final class CancelHandler implements Handler<Message<Object>> {

  private final WorkerPool pool;

  public CancelHandler(WorkerPool pool) {
    this.pool = pool;
  }

  @Override
  public void handle(Message<Object> message) {
    Object body = message.body();
    String requestId = body instanceof JsonObject json ? json.getString("request") : null;
    if (requestId == null) {
      message.fail(400, "a cancel request must be {\"request\": \"<request id>\"}, was " + body);
      return;
    }
    pool.cancel(requestId).onComplete(ar -> message.reply(new JsonObject().put("cancelled",
      ar.succeeded() && ar.result())));
  }
}
