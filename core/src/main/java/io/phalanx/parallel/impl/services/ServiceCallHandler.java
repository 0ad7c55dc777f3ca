package io.phalanx.parallel.impl.services;

import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.vertx.core.Handler;

/**
 * What the parent does with a {@code service_call} frame of a worker. Called on the supervisor's context.
 */
public interface ServiceCallHandler {

  /** Refuses every call: the pool declares no parent service. */
  ServiceCallHandler REFUSE_ALL = new ServiceCallHandler() {
    @Override
    public void handle(String workerId, ServiceCallFrame call, Handler<ServiceResponseFrame> reply) {
      reply.handle(ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.REFUSED, "refused: '" + call.address()
        + "' is not the address of a parent service (the pool's service bundles declare none)"));
    }

    @Override
    public boolean allows(String address) {
      return false;
    }
  };

  /**
   * Whether a call to {@code address} would be passed on: a call to any other address is refused from the frame's
   * start, before its body is decoded.
   */
  default boolean allows(String address) {
    return true;
  }

  /**
   * @param workerId the worker that made the call
   * @param call     the call
   * @param reply    takes the response, once, on the supervisor's context
   */
  void handle(String workerId, ServiceCallFrame call, Handler<ServiceResponseFrame> reply);
}
