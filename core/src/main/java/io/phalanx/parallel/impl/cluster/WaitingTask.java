package io.phalanx.parallel.impl.cluster;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * A task a {@link ClusterRouter} holds because no node was known when it was sent: it is routed once a node
 * announces itself, or fails when its timer fires first. Guarded by the router's lock.
 */
final class WaitingTask {
  final Object body;
  final DeliveryOptions delivery;
  final String requestId;
  final Handler<AsyncResult<Message<Object>>> reply;
  long timer = -1;

  WaitingTask(Object body, DeliveryOptions delivery, String requestId, Handler<AsyncResult<Message<Object>>> reply) {
    this.body = body;
    this.delivery = delivery;
    this.requestId = requestId;
    this.reply = reply;
  }
}
