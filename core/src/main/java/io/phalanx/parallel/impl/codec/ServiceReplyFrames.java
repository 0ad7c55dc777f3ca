package io.phalanx.parallel.impl.codec;

import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FrameTooLargeException;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.UnsupportedValueException;
import io.phalanx.parallel.service.ServiceFailureCodes;

import java.io.IOException;

/**
 * The frames that answer a worker's service call. Both the services (a reply) and the channel (a call it refused)
 * write them, so they live below both.
 */
public final class ServiceReplyFrames {

  /** A failure sent in place of a reply that cannot travel is cut to this many characters. */
  private static final int SHORT_MESSAGE_CHARS = 200;

  private ServiceReplyFrames() {
  }

  /**
   * Encodes a response for a worker. A reply that cannot travel (too large, or of a type that cannot cross) is
   * answered with a failure saying so instead.
   */
  public static byte[] encode(FrameCodec codec, ServiceResponseFrame response) {
    try {
      return codec.encode(response);
    } catch (FrameTooLargeException e) {
      return encodeShort(codec, response.id(), ServiceFailureCodes.TOO_LARGE, "the "
        + (response.ok() ? "reply" : "failure") + " exceeds the frame size limit of " + e.limit()
        + " bytes (ParallelConfig.setMaxFrameBytes)");
    } catch (UnsupportedValueException e) {
      return encodeShort(codec, response.id(), ServiceFailureCodes.UNSUPPORTED_VALUE,
        "the reply cannot be sent to the worker: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return encodeShort(codec, response.id(), ServiceFailureCodes.FAILED,
        "the reply cannot be sent to the worker: " + e);
    }
  }

  private static byte[] encodeShort(FrameCodec codec, long id, int code, String message) {
    String text = message.length() > SHORT_MESSAGE_CHARS ? message.substring(0, SHORT_MESSAGE_CHARS) + "..." : message;
    try {
      return codec.encode(ServiceResponseFrame.failure(id, code, text));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a failure frame", e);
    }
  }
}
