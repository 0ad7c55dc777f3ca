package io.phalanx.parallel.impl.services;

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
 * large one are sent after it, from a worker thread too, until none is on its way. Confined to the supervisor's
 * context.
 */
final class OrderedSends {

  /** Per worker: completes once its last call sent aside is on the event bus; absent when none is on its way. */
  private final Map<String, Future<Void>> onItsWay = new HashMap<>();

  /**
   * @param large   whether to send it aside
   * @param request sends the call; called here, or on a worker thread of the current context
   * @return what {@code request} returned, or why it could not be called
   */
  <T> Future<T> send(String workerId, boolean large, Supplier<Future<T>> request) {
    Context context = Vertx.currentContext();
    Future<Void> before = onItsWay.get(workerId);
    if (context == null || (before == null && !large)) {
      return request.get();
    }
    // on the context the call came on: a traced call's span is active there
    Future<Future<T>> requested = (before == null ? Future.<Void>succeededFuture() : before)
      .transform(ignored -> context.executeBlocking(request::get, false));
    Future<Void> sent = requested.transform(ignored -> Future.<Void>succeededFuture());
    onItsWay.put(workerId, sent);
    sent.onComplete(ignored -> onItsWay.remove(workerId, sent));
    return requested.compose(answer -> answer);
  }
}
