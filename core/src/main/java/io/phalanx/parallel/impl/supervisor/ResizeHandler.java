package io.phalanx.parallel.impl.supervisor;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.pool.WorkerPool;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@code <address>.resize}: {@code {"agents": <n>}} sets the pool's size to {@code n} within
 * [{@code minAgents}, {@code maxAgents}]. The reply, {@code {"agents": n, "minAgents": ..., "maxAgents": ...}}, comes
 * once the new workers are ready and the retired ones have exited. A body that is not such an object, or a size out
 * of the bounds, is refused with 400 naming the value; a draining pool answers 503; a new worker that cannot start
 * answers 502.
 * <p>
 * Whoever may send to the pool's addresses may resize it, but only within the bounds the application configured,
 * which load and idleness reach anyway: a sender can make the pool hold at most {@code maxAgents} JVMs. A fixed pool
 * refuses every other size. Expose the address to no one you would not let change the pool (the TCP bridge example
 * permits only the task address).
 */
public final class ResizeHandler implements Handler<Message<Object>> {

  private final WorkerPool pool;

  public ResizeHandler(WorkerPool pool) {
    this.pool = pool;
  }

  @Override
  public void handle(Message<Object> message) {
    Object body = message.body();
    Object agents = body instanceof JsonObject json ? json.getValue("agents") : null;
    if (!(agents instanceof Integer || agents instanceof Long)) {
      message.fail(FailureCodes.INVALID_TASK, "a resize request of pool '" + pool.address()
        + "' must be {\"agents\": <number of workers>}, was " + body);
      return;
    }
    long requested = ((Number) agents).longValue();
    int size = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, requested));
    pool.resize(size).onComplete(ar -> {
      if (ar.succeeded()) {
        JsonObject stats = pool.stats();
        message.reply(new JsonObject().put("agents", ar.result()).put("minAgents", stats.getInteger("minAgents"))
          .put("maxAgents", stats.getInteger("maxAgents")));
      } else if (ar.cause() instanceof IllegalArgumentException e) {
        message.fail(FailureCodes.INVALID_TASK, e.getMessage().replace("was " + size, "was " + requested));
      } else if (ar.cause() instanceof ParallelException e) {
        message.fail(e.failureCode(), e.getMessage());
      } else {
        message.fail(FailureCodes.POOL_UNAVAILABLE, String.valueOf(ar.cause()));
      }
    });
  }
}
