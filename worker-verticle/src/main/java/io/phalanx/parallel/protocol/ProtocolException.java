package io.phalanx.parallel.protocol;

/**
 * A line that claims to be a frame but cannot be read as one: malformed JSON, a missing field or an unknown type.
 * For the parent this is a protocol error of that worker alone.
 */
public class ProtocolException extends Exception {

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
