package io.phalanx.parallel.impl.services;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParentService;
import io.phalanx.parallel.impl.codec.ServiceReplyFrames;
import io.phalanx.parallel.impl.tracing.ServiceCallTracing;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FrameTooLargeException;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.UnsupportedValueException;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.phalanx.parallel.worker.ServiceDeclarations;
import io.phalanx.parallel.worker.ServiceSpec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import io.vertx.serviceproxy.ServiceException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent's end of the service bridge, owned by one supervisor and confined to its context.
 * <p>
 * {@link #bind()} builds the bundles' local services and the implementations of their parent services, and binds
 * each implementation with {@link ServiceBinder} to its address; {@link #unbind()} undoes that and closes what is
 * {@link AutoCloseable}. In between, every {@code service_call} of a worker is checked against the allowlist (the
 * addresses of the parent services, nothing else), sent on the parent's event bus with the call's headers and the
 * service call timeout, and its reply, or its failure, goes back as a {@code service_response}.
 */
public final class ParentServiceBridge implements ServiceCallHandler {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.services");
  /** The longest failure message sent back when the full failure does not fit into a frame. */

  private final Vertx vertx;
  private final ServiceDeclarations declarations;
  private final long callTimeout;
  private final String poolAddress;
  /** {@code null} unless Vert.x has a tracer. */
  private final ServiceCallTracing tracing;
  private final List<MessageConsumer<JsonObject>> bound = new ArrayList<>();
  private final List<Object> built = new ArrayList<>();
  private final Map<String, Long> callsByAddress = new LinkedHashMap<>();
  private final OrderedSends sends = new OrderedSends();
  private long calls;
  private long refused;
  private long failed;
  private boolean unbound;

  private ParentServiceBridge(Vertx vertx, ServiceDeclarations declarations, long callTimeout, String poolAddress) {
    this.vertx = vertx;
    this.declarations = declarations;
    this.callTimeout = callTimeout;
    this.poolAddress = poolAddress;
    this.tracing = ServiceCallTracing.of(vertx, poolAddress);
    for (String address : declarations.parentAddresses()) {
      callsByAddress.put(address, 0L);
    }
  }

  /**
   * Loads the configured service bundles and checks what they declare.
   *
   * @throws IllegalArgumentException naming the bundle: see {@link ServiceDeclarations#load}; also a parent service
   *                                  on one of the pool's own addresses
   */
  public static ParentServiceBridge create(Vertx vertx, ParallelConfig config, ClassLoader loader) {
    ServiceDeclarations declarations = ServiceDeclarations.load(config.getServiceBundles(), specs(config), loader);
    String pool = config.getAddress();
    for (ServiceDeclarations.Parent<?> parent : declarations.parents()) {
      String address = parent.address();
      if (address.equals(pool) || address.startsWith(pool + ".")) {
        throw new IllegalArgumentException(parent.source() + " declares parent service "
          + parent.type().getName() + " on address '" + address + "', which belongs to the pool '" + pool
          + "' itself: a worker must not reach the pool's addresses");
      }
    }
    return new ParentServiceBridge(vertx, declarations, config.getServiceCallTimeout(), pool);
  }

  /** The services the configuration registers one by one: its parent services, then its local services. */
  public static List<ServiceSpec> specs(ParallelConfig config) {
    List<ServiceSpec> specs = new ArrayList<>();
    for (ParentService service : config.getParentServices()) {
      specs.add(new ServiceSpec(true, service.getType(), service.getAddress(), service.getImplementation(),
        service.getConfig(), service.isBlocking()));
    }
    config.getLocalServices().forEach((type, implementation) -> specs.add(ServiceSpec.local(type, implementation)));
    return specs;
  }

  public ServiceDeclarations declarations() {
    return declarations;
  }

  /**
   * Builds the local services and binds the parent services. Call on the supervisor's context.
   *
   * @return completes when every parent service is bound; fails with {@link IllegalArgumentException} naming the
   * service whose factory failed (what was already bound is unbound again)
   */
  public Future<Void> bind() {
    try {
      for (ServiceDeclarations.Local<?> local : declarations.locals()) {
        built.add(local.build(vertx));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return unbind().transform(v -> Future.failedFuture(e));
    }
    ServiceContexts contexts = new ServiceContexts((VertxInternal) vertx, (ContextInternal) vertx.getOrCreateContext());
    List<Future<Void>> bindings = new ArrayList<>();
    for (ServiceDeclarations.Parent<?> parent : declarations.parents()) {
      bindings.add(bindOn(contexts.of(parent), parent));
    }
    return Future.all(bindings).transform(ar -> {
      if (ar.failed()) {
        Throwable cause = ar.cause();
        return unbind().transform(v -> Future.failedFuture(cause));
      }
      if (!bound.isEmpty()) {
        LOG.log(System.Logger.Level.INFO, "pool '" + poolAddress + "' bound its parent services on "
          + declarations.parentAddresses());
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Builds a parent service and binds it on a context of its own, where its calls run: its consumer is registered
   * there. Back on the supervisor's context once done.
   */
  private <S> Future<Void> bindOn(ContextInternal serviceContext, ServiceDeclarations.Parent<S> parent) {
    ContextInternal supervisor = (ContextInternal) vertx.getOrCreateContext();
    Promise<MessageConsumer<JsonObject>> registered = supervisor.promise();
    Promise<S> implementation = supervisor.promise();
    serviceContext.runOnContext(v -> {
      try {
        S instance = parent.build(vertx);
        implementation.complete(instance);
        // local registration: on a clustered Vert.x every node binds its own implementation on the same address,
        // and another node's workers (or any other cluster member) must never reach this one
        registered.complete(new ServiceBinder(vertx).setAddress(parent.address())
          .registerLocal(parent.type(), instance));
      } catch (RuntimeException e) {
        implementation.tryFail(e);
        registered.tryFail(e);
      }
    });
    return implementation.future().compose(instance -> {
      built.add(instance);
      return registered.future();
    }).compose(consumer -> {
      bound.add(consumer);
      return consumer.completion();
    });
  }

  /**
   * Unbinds the parent services, then closes every service built here that is {@link AutoCloseable} (on a worker
   * thread, in the reverse order of their building). Calls that arrive afterwards are refused.
   */
  public Future<Void> unbind() {
    unbound = true;
    List<Future<Void>> unregistrations = new ArrayList<>();
    for (MessageConsumer<JsonObject> consumer : bound) {
      unregistrations.add(consumer.unregister());
    }
    bound.clear();
    List<Object> toClose = new ArrayList<>(built);
    built.clear();
    Collections.reverse(toClose);
    return Future.join(unregistrations).transform(v -> {
      List<Future<Void>> closes = new ArrayList<>();
      for (Object service : toClose) {
        if (service instanceof AutoCloseable closeable) {
          closes.add(vertx.<Void>executeBlocking(() -> {
            closeable.close();
            return null;
          }, false).onFailure(e -> LOG.log(System.Logger.Level.WARNING, "pool '" + poolAddress
            + "': closing service " + service.getClass().getName() + " failed: " + e, e)));
        }
      }
      return Future.join(closes).mapEmpty();
    });
  }

  @Override
  public boolean allows(String address) {
    return !unbound && declarations.parentAddresses().contains(address);
  }

  @Override
  public void handle(String workerId, ServiceCallFrame call, Handler<ServiceResponseFrame> reply) {
    calls++;
    String address = call.address();
    if (!allows(address)) {
      refused++;
      String why = "refused: '" + address + "' is not the address of a parent service of pool '" + poolAddress
        + "' (its service bundles declare " + (declarations.parentAddresses().isEmpty() ? "none"
        : declarations.parentAddresses()) + (unbound ? ", and they are unbound: the pool is stopping" : "") + ")";
      LOG.log(System.Logger.Level.WARNING, workerId + " of pool '" + poolAddress + "': service call " + why);
      reply.handle(ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.REFUSED, why));
      return;
    }
    callsByAddress.merge(address, 1L, Long::sum);
    // only now, with the address allowed, is the body decoded
    Object body;
    try {
      body = call.decodedBody();
    } catch (ProtocolException e) {
      failed++;
      reply.handle(ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.UNSUPPORTED_VALUE,
        "the body of the call to " + describe(call) + " cannot be read: " + e.getMessage()));
      return;
    }
    // local only: the services a worker calls are those of its own node, even where other nodes of a cluster
    // registered the same address
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(callTimeout).setLocalOnly(true);
    call.headers().forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
    if (tracing != null) {
      tracing.send((ContextInternal) vertx.getOrCreateContext(), workerId, call,
        answer -> send(workerId, call, body, options, answer), reply);
    } else {
      send(workerId, call, body, options, reply);
    }
  }

  /**
   * Sends the call, after the worker's calls before it; the reply, or the failure, goes to {@code reply} on the
   * current context. A body decoded ahead (a large one, see {@code IncomingFrames}) is sent from a worker thread.
   */
  private void send(String workerId, ServiceCallFrame call, Object body, DeliveryOptions options,
                    Handler<ServiceResponseFrame> reply) {
    sends.send(workerId, call.bodyDecoded(), () -> request(call.address(), body, options)).onComplete(ar -> {
      if (ar.succeeded()) {
        // read where it is written for the worker: see DeferredReply
        reply.handle(ServiceResponseFrame.success(call.id(), new DeferredReply(ar.result())));
      } else if (ar.cause() instanceof NoCodec noCodec) {
        failed++;
        reply.handle(ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.UNSUPPORTED_VALUE,
          "the body of the call to " + describe(call) + " cannot be sent on the parent's event bus: "
            + noCodec.getMessage()));
      } else {
        failed++;
        reply.handle(failureOf(call, ar.cause()));
      }
    });
  }

  private Future<Message<Object>> request(String address, Object body, DeliveryOptions options) {
    try {
      return vertx.eventBus().request(address, body, options);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new NoCodec(e.getMessage()));
    }
  }

  /** Vert.x has no codec for the body's type. */
  private static final class NoCodec extends RuntimeException {
    NoCodec(String message) {
      super(message, null, false, false);
    }
  }

  private ServiceResponseFrame failureOf(ServiceCallFrame call, Throwable cause) {
    if (cause instanceof ServiceException e) {
      return ServiceResponseFrame.failure(call.id(), e.failureCode(), e.getMessage(), e.getDebugInfo());
    }
    if (cause instanceof ReplyException e) {
      return switch (e.failureType()) {
        case RECIPIENT_FAILURE -> ServiceResponseFrame.failure(call.id(), e.failureCode(), e.getMessage());
        case TIMEOUT -> ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.TIMEOUT, "the call to "
          + describe(call) + " got no reply within the service call timeout of " + callTimeout
          + " ms (ParallelConfig.setServiceCallTimeout): " + e.getMessage());
        case NO_HANDLERS -> ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.NO_HANDLER, "the call to "
          + describe(call) + " found no handler in the parent: " + e.getMessage());
        default -> ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.FAILED, "the call to "
          + describe(call) + " failed: " + e.getMessage());
      };
    }
    return ServiceResponseFrame.failure(call.id(), ServiceFailureCodes.FAILED, "the call to " + describe(call)
      + " failed: " + cause);
  }

  private static String describe(ServiceCallFrame call) {
    List<String> action = call.headers().get("action");
    return "'" + call.address() + "'" + (action != null && !action.isEmpty() ? " (action " + action.get(0) + ")" : "");
  }

  /**
   * @return {@code calls} (every service_call received), {@code refused} (not on the allowlist), {@code failed}
   * (answered with a failure other than a refusal) and {@code addresses} (calls per parent service address)
   */
  public JsonObject stats() {
    JsonObject addresses = new JsonObject();
    callsByAddress.forEach(addresses::put);
    return new JsonObject().put("calls", calls).put("refused", refused).put("failed", failed)
      .put("addresses", addresses);
  }

  /**
   * Encodes a response for a worker. A reply that cannot travel (too large, or of a type that cannot cross) is
   * answered with a failure saying so instead.
   */
  static byte[] encode(FrameCodec codec, ServiceResponseFrame response) {
    return ServiceReplyFrames.encode(codec, response);
  }
}
