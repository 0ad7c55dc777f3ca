package io.phalanx.parallel.impl.services;

import io.phalanx.parallel.impl.InOrder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends each worker's calls to parent services in the order the worker made them, a large one from a worker thread:
 * Vert.x copies a {@code JsonObject} body for a receiver in this JVM (and encodes it for one on another node) on the
 * thread that sends it, and the supervisor's loop serves every worker's frames. The calls of the same worker after a
 * large one are sent after it. Confined to the supervisor's context.
 */
final class OrderedSends {

  /** Per worker: its calls on their way, while one is. */
  private final Map<String, InOrder> onTheirWay = new HashMap<>();

  /**
   * @param large   whether to send it aside
   * @param request sends the call; called here, or on a worker thread of the current context
   * @return what {@code request} returned, or why it could not be called
   */
  <T> Future<T> send(String workerId, boolean large, Supplier<Future<T>> request) {
    Context context = Vertx.currentContext();
    InOrder order = onTheirWay.get(workerId);
    if (context == null || (order == null && !large)) {
      return request.get();
    }
    InOrder calls = order != null ? order : new InOrder();
    onTheirWay.put(workerId, calls);
    // on the context the call came on: a traced call's span is active there
    return calls.run(() -> large ? context.executeBlocking(request::get, false) : Future.succeededFuture(request.get()))
      .andThen(sent -> {
        if (calls.idle()) {
          onTheirWay.remove(workerId, calls);
        }
      })
      .compose(answer -> answer);
  }
}
