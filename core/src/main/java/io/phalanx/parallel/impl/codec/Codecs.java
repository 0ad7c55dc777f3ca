package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/**
 * The pool's event-bus codecs and the one Jackson mapper of the parent side.
 */
public final class Codecs {

  /** Shared by the client and the supervisor: configured once, thread-safe. */
  public static final ObjectMapper MAPPER = ProtocolMapper.create();

  private Codecs() {
  }

  /**
   * Registers the codecs on this Vert.x instance unless a client or a supervisor already did.
   */
  public static void register(Vertx vertx) {
    EventBus eventBus = vertx.eventBus();
    synchronized (Codecs.class) {
      tryRegister(eventBus, new TaskMessageCodec(MAPPER));
      tryRegister(eventBus, new TaskResultMessageCodec());
    }
  }

  private static void tryRegister(EventBus eventBus, io.vertx.core.eventbus.MessageCodec<?, ?> codec) {
    try {
      eventBus.registerCodec(codec);
    } catch (IllegalStateException alreadyRegistered) {
      // registered by an earlier client or supervisor on the same Vert.x instance
    }
  }
}
