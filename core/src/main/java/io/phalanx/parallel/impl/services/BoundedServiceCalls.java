package io.phalanx.parallel.impl.services;

import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * The calls of one worker to parent services, on their way to the pool's {@link ServiceCallHandler} and back: at most
 * {@code maxInFlight} at a time (a call past that is refused at once with
 * {@link ServiceFailureCodes#TOO_MANY_CALLS}), and each answer goes back only to the process that asked, if it is
 * still the worker's current one. Confined to the supervisor's context.
 */
public final class BoundedServiceCalls {

  private final String workerId;
  private final String worker;
  private final int maxInFlight;
  private final FrameCodec codec;
  private final Supplier<WorkerChannel> current;
  private ServiceCallHandler handler = ServiceCallHandler.REFUSE_ALL;
  private int inFlight;

  /**
   * @param worker  the worker as messages name it
   * @param current the worker's current channel
   */
  public BoundedServiceCalls(String workerId, String worker, int maxInFlight, FrameCodec codec,
                      Supplier<WorkerChannel> current) {
    this.workerId = workerId;
    this.worker = worker;
    this.maxInFlight = maxInFlight;
    this.codec = codec;
    this.current = current;
  }

  public void handler(ServiceCallHandler handler) {
    this.handler = handler;
  }

  /** Whether a call to {@code address} would be passed on at all. */
  public boolean allows(String address) {
    return handler.allows(address);
  }

  /** Passes a call of {@code caller}'s process on, or refuses it when too many are in flight. */
  public void forward(WorkerChannel caller, ServiceCallFrame call) {
    if (inFlight >= maxInFlight) {
      caller.send(ParentServiceBridge.encode(codec, ServiceResponseFrame.failure(call.id(),
        ServiceFailureCodes.TOO_MANY_CALLS, "refused: " + worker + " has " + maxInFlight
          + " calls to parent services in flight already (ParallelConfig.setMaxServiceCallsInFlight)")));
      return;
    }
    inFlight++;
    Context context = Vertx.currentContext();
    handler.handle(workerId, call, response -> {
      if (context == null || !(response.body() instanceof DeferredReply)) {
        answer(caller, encode(response));
        return;
      }
      // a reply's size is unknown until it is read, and a 20 MB one took the supervisor's loop, which every worker's
      // frames go through, hundreds of ms to copy and write: it is read and written on a worker thread
      context.executeBlocking(() -> encode(response), false).onComplete(encoded -> answer(caller,
        encoded.succeeded() ? encoded.result() : ParentServiceBridge.encode(codec, ServiceResponseFrame.failure(
          call.id(), ServiceFailureCodes.FAILED, "the reply cannot be sent to the worker: " + encoded.cause()))));
    });
  }

  /** The response as the frame that goes to the worker; a reply that cannot be read becomes a failure. */
  private byte[] encode(ServiceResponseFrame response) {
    ServiceResponseFrame read;
    try {
      read = DeferredReply.read(response);
    } catch (RuntimeException e) {
      read = ServiceResponseFrame.failure(response.id(), ServiceFailureCodes.FAILED,
        "the reply cannot be read in the parent: " + e);
    }
    return ParentServiceBridge.encode(codec, read);
  }

  private void answer(WorkerChannel caller, byte[] frame) {
    inFlight--;
    if (caller == current.get()) {
      caller.send(frame);
    }
  }
}
