package io.phalanx.parallel.impl.services;

import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.service.ServiceFailureCodes;

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
    handler.handle(workerId, call, response -> {
      inFlight--;
      if (caller == current.get()) {
        caller.send(ParentServiceBridge.encode(codec, response));
      }
    });
  }
}
