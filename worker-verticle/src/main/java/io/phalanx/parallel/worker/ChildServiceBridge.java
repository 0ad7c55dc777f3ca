package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.FrameTooLargeException;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.UnsupportedValueException;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceExceptionMessageCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker's end of the service bridge. On the worker's own event bus it consumes the addresses of the parent
 * services, where the generated proxies send their requests; each request goes to the parent as a
 * {@code service_call} frame, and the {@code service_response} that comes back answers it: with the reply body, or
 * with a {@link ServiceException} (which fails the proxy's future). Any number of calls may be in flight; they are
 * told apart by id.
 * <p>
 * The parent times a call out after the service call timeout; should its answer get lost, the bridge fails the call
 * itself a little later ({@link #RESPONSE_GRACE_MS}). Everything but {@link #onResponse} runs on the worker
 * verticle's event loop.
 */
final class ChildServiceBridge {

  /** How long after the service call timeout the bridge gives up on a response of the parent. */
  static final long RESPONSE_GRACE_MS = 2_000;

  private record Pending(Message<Object> message, long timer) {
  }

  private final Vertx vertx;
  private final Context context;
  private final FrameWriter writer;
  private final String workerId;
  private final long callTimeout;
  private final int maxFrameBytes;
  private final Runnable channelNeeded;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private long nextId;

  /**
   * @param channelNeeded called as a call goes to the parent: its response must be read from the channel while the
   *                      calling task waits for it ({@link WorkerRuntime#channelNeeded})
   */
  ChildServiceBridge(Vertx vertx, Context context, FrameWriter writer, String workerId, long callTimeout,
                     int maxFrameBytes, Runnable channelNeeded) {
    this.vertx = vertx;
    this.context = context;
    this.writer = writer;
    this.workerId = workerId;
    this.callTimeout = callTimeout;
    this.maxFrameBytes = maxFrameBytes;
    this.channelNeeded = channelNeeded;
  }

  /**
   * Consumes the parent services' addresses on the worker's event bus. Call on the verticle's context.
   */
  Future<Void> bind(Set<String> addresses) {
    try {
      vertx.eventBus().registerDefaultCodec(ServiceException.class, new ServiceExceptionMessageCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // a generated proxy registered it first
    }
    List<Future<Void>> registrations = new ArrayList<>();
    for (String address : addresses) {
      MessageConsumer<Object> consumer = vertx.eventBus().localConsumer(address, this::forward);
      consumers.add(consumer);
      registrations.add(consumer.completion());
    }
    return Future.all(registrations).mapEmpty();
  }

  private void forward(Message<Object> message) {
    long id = ++nextId;
    long timer = vertx.setTimer(saturatedAdd(callTimeout, RESPONSE_GRACE_MS), t -> {
      Pending lost = pending.remove(id);
      if (lost != null) {
        fail(lost.message(), ServiceFailureCodes.TIMEOUT, "the call to " + describe(lost.message())
          + " got no response from the parent within " + callTimeout + " ms (ParallelConfig.setServiceCallTimeout)",
          null);
      }
    });
    pending.put(id, new Pending(message, timer));
    String problem;
    int code;
    try {
      channelNeeded.run();
      writer.write(new ServiceCallFrame(id, message.address(), headers(message.headers()), message.body()));
      return;
    } catch (FrameTooLargeException e) {
      code = ServiceFailureCodes.TOO_LARGE;
      problem = "the call to " + describe(message) + " exceeds the frame size limit of " + maxFrameBytes
        + " bytes (ParallelConfig.setMaxFrameBytes)";
    } catch (UnsupportedValueException e) {
      code = ServiceFailureCodes.UNSUPPORTED_VALUE;
      problem = "the call to " + describe(message) + " cannot be sent to the parent: " + e.getMessage();
    } catch (IOException | RuntimeException e) {
      code = ServiceFailureCodes.UNAVAILABLE;
      problem = "the call to " + describe(message) + " cannot be sent to the parent: " + e;
    }
    Pending unsent = pending.remove(id);
    vertx.cancelTimer(unsent.timer());
    fail(message, code, problem, null);
  }

  /**
   * Answers the call the response is for; from any thread. A response to a call that already timed out is dropped.
   */
  void onResponse(ServiceResponseFrame response) {
    context.runOnContext(v -> {
      Pending call = pending.remove(response.id());
      if (call == null) {
        return;
      }
      vertx.cancelTimer(call.timer());
      if (response.ok()) {
        call.message().reply(response.body());
      } else {
        ServiceResponseFrame.Failure error = response.error();
        fail(call.message(), error.code(), error.message(), error.debugInfo());
      }
    });
  }

  private static void fail(Message<Object> message, int code, String text, JsonObject debugInfo) {
    message.reply(new ServiceException(code, text, debugInfo != null ? debugInfo : new JsonObject()));
  }

  private String describe(Message<Object> message) {
    String action = message.headers().get("action");
    return "'" + message.address() + "'" + (action != null ? " (action " + action + ")" : "") + " from " + workerId;
  }

  private static Map<String, List<String>> headers(MultiMap headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : headers.names()) {
      map.put(name, headers.getAll(name));
    }
    return map;
  }

  private static long saturatedAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
