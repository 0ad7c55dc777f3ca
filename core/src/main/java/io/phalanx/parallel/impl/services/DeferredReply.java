package io.phalanx.parallel.impl.services;

import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.vertx.core.eventbus.Message;

/**
 * A parent service's reply, not read yet. Reading a local message's body copies it when it is a {@code JsonObject},
 * a {@code JsonArray} or a {@code Buffer}, and writing it for the worker walks it again: for a large reply, work that
 * {@link BoundedServiceCalls} does on a worker thread, not on the supervisor's event loop.
 */
public record DeferredReply(Message<Object> message) {

  /** The response with its body read, if it was deferred. */
  static ServiceResponseFrame read(ServiceResponseFrame response) {
    return response.body() instanceof DeferredReply deferred
      ? ServiceResponseFrame.success(response.id(), deferred.message().body()) : response;
  }
}
