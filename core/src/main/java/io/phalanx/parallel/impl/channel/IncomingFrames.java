package io.phalanx.parallel.impl.channel;

import io.phalanx.parallel.impl.codec.ServiceReplyFrames;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FrameLimitException;
import io.phalanx.parallel.protocol.FramePrefix;
import io.phalanx.parallel.protocol.HeartbeatFrame;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.StackRequestFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.phalanx.parallel.protocol.TaskStackFrame;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The frames a worker sends, checked, decoded and handed to its {@link WorkerChannel.Listener}, in the order they
 * came. Checks come before decoding: a frame type only the parent sends, or a service call to an address outside the
 * allowlist, is recognised from the frame's start without its payload being read. A payload that breaks a limit fails
 * the task or the call it belongs to, not the worker.
 * <p>
 * Confined to the supervisor's context, whose event loop serves every worker's frames: it only checks a large result
 * or progress update ({@link FrameCodec#decodeWithRawValues}), and any other large frame is decoded on a worker
 * thread ({@link #ASIDE_BYTES}).
 */
final class IncomingFrames {

  /** What the reader needs of its channel. */
  interface Owner {

    WorkerChannel.Listener listener();

    /** Answers the worker at once (a refused service call). */
    void send(byte[] frame);

    void log(String line);

    /** Stops reading frames, or reads on. */
    void reading(boolean on);

    /** Whether a frame decoded aside still goes to the listener: it is the tap's now, or no one's once closed. */
    boolean takes(byte[] line);
  }

  /**
   * A frame at least this large that the loop would have to build is decoded on a worker thread: the size from which
   * any value is turned into another form off the loop.
   */
  static final int ASIDE_BYTES = TaskValue.LARGE_BYTES;
  private static final Set<String> PARENT_FRAME_TYPES = Set.of(TaskFrame.TYPE, CancelFrame.TYPE,
    ShutdownFrame.TYPE, ServiceResponseFrame.TYPE, StackRequestFrame.TYPE);

  private final FrameCodec codec;
  private final Predicate<String> serviceAddresses;
  private final Owner owner;

  IncomingFrames(FrameCodec codec, Predicate<String> serviceAddresses, Owner owner) {
    this.codec = codec;
    this.serviceAddresses = serviceAddresses;
    this.owner = owner;
  }

  void read(byte[] line) {
    WorkerChannel.Listener listener = owner.listener();
    FramePrefix prefix = FramePrefix.of(line, 0, line.length);
    if (prefix != null) {
      if (HeartbeatFrame.TYPE.equals(prefix.type())) {
        // a sign of life, already counted: nothing to decode
        return;
      }
      if (PARENT_FRAME_TYPES.contains(prefix.type())) {
        listener.broken("protocol error: sent a '" + prefix.type() + "' frame, which only the parent sends");
        return;
      }
      if (ServiceCallFrame.TYPE.equals(prefix.type()) && prefix.address() != null && prefix.id() >= 0
        && !serviceAddresses.test(prefix.address())) {
        // refused by its address alone: nothing of its body is read
        listener.serviceCall(new ServiceCallFrame(prefix.id(), prefix.address(), Map.of(), null));
        return;
      }
    }
    Context context = line.length >= ASIDE_BYTES ? Vertx.currentContext() : null;
    if (context != null && !FrameCodec.isRawValueForm(line, 0, line.length)) {
      decodeAside(context, line, prefix != null && ServiceCallFrame.TYPE.equals(prefix.type())
        && prefix.address() != null);
      return;
    }
    try {
      handle(codec.decodeWithRawValues(line, 0, line.length));
    } catch (ProtocolException e) {
      failed(e);
    }
  }

  /**
   * A large frame that the loop could only build as a tree (a service call, a failure, a frame in another form than the
   * worker writes) is decoded on a worker thread, with the body of a call to an allowed address (the address was read
   * from the frame's start). The channel reads nothing meanwhile: the frames after it keep their order, and the loop
   * goes on with every other worker's. Built on the loop, a 20 MB call held all of them up for seconds.
   */
  private void decodeAside(Context context, byte[] line, boolean allowedCall) {
    owner.reading(false);
    context.executeBlocking(() -> {
      Frame frame = codec.decodeWithRawValues(line, 0, line.length);
      return allowedCall && frame instanceof ServiceCallFrame call ? call.withDecodedBody() : frame;
    }, false).onComplete(decoded -> {
      if (owner.takes(line)) {
        if (decoded.succeeded()) {
          handle(decoded.result());
        } else if (decoded.cause() instanceof ProtocolException e) {
          failed(e);
        } else {
          owner.listener().broken("could not decode a frame of " + line.length + " bytes: " + decoded.cause());
        }
      }
      owner.reading(true);
    });
  }

  private void handle(Frame frame) {
    WorkerChannel.Listener listener = owner.listener();
    if (frame instanceof TaskResponseFrame response) {
      listener.response(response);
    } else if (frame instanceof ProgressFrame progress) {
      listener.progress(progress);
    } else if (frame instanceof ServiceCallFrame call) {
      listener.serviceCall(call);
    } else if (frame instanceof ReadyFrame ready) {
      listener.ready(ready);
    } else if (!(frame instanceof HeartbeatFrame || frame instanceof TaskStackFrame)) {
      // (a heartbeat written unusually, or a stack that came after its collection gave up: nothing to do)
      listener.broken("protocol error: sent a '" + frame.type() + "' frame, which only the parent sends");
    }
  }

  private void failed(ProtocolException e) {
    if (!(e instanceof FrameLimitException limit)) {
      owner.listener().broken("protocol error: " + e.getMessage());
      return;
    }
    switch (limit.frameType()) {
      case TaskResponseFrame.TYPE -> owner.listener().responseOverLimit(limit.id(), limit.getMessage());
      case ServiceCallFrame.TYPE -> owner.send(ServiceReplyFrames.encode(codec, ServiceResponseFrame.failure(
        limit.id(), ServiceFailureCodes.TOO_LARGE, "the call breaks a decoding limit of the parent: "
          + limit.getMessage())));
      case ProgressFrame.TYPE -> owner.log("dropped a progress update of task " + limit.id() + ": "
        + limit.getMessage());
      default -> owner.listener().broken("protocol error: " + limit.getMessage());
    }
  }
}
