package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.ParallelException;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answers one pool or worker address: hands each request to the pool and replies with the outcome. A JSON request is
 * answered with {@code {"result": ...}}; a {@code Task} request with a {@link TaskResult} the client reads into the
 * task's result type; a failure with a {@link ParallelReplyException} carrying its failure code.
 */
public final class RequestHandler implements Handler<Message<Object>> {

  private static final DeliveryOptions RESULT_OPTIONS = new DeliveryOptions().setCodecName(TaskResultMessageCodec.NAME);

  private final WorkerPool pool;
  private final int workerIndex;

  /**
   * @param workerIndex the worker this address feeds, or -1 for the pool address
   */
  public RequestHandler(WorkerPool pool, int workerIndex) {
    this.pool = pool;
    this.workerIndex = workerIndex;
  }

  @Override
  public void handle(Message<Object> message) {
    boolean json = message.body() instanceof JsonObject;
    pool.submit(message.body(), workerIndex, new TaskOutcome() {
      @Override
      public void succeeded(JsonNode result) {
        if (json) {
          message.reply(new JsonObject().put("result", JsonValues.toVertx(result)));
        } else {
          message.reply(new TaskResult(result), RESULT_OPTIONS);
        }
      }

      @Override
      public void failed(ParallelException failure) {
        message.reply(new ParallelReplyException(failure));
      }
    });
  }
}
