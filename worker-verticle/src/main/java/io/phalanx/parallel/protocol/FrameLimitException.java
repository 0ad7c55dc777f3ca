package io.phalanx.parallel.protocol;

/**
 * A frame that is well formed as far as it was read, but whose payload breaks a decoding limit (a string, a number or
 * a nesting depth; see {@link ProtocolMapper}). The frame's type and id are known from its start, so the reader can
 * fail that one task or call (with code 413) instead of treating the sender as broken.
 */
public final class FrameLimitException extends ProtocolException {

  private final String frameType;
  private final long id;

  public FrameLimitException(String frameType, long id, String message, Throwable cause) {
    super(message, cause);
    this.frameType = frameType;
    this.id = id;
  }

  /** The type of the frame, as its start gave it. */
  public String frameType() {
    return frameType;
  }

  /** The id of the task or call the frame is about. */
  public long id() {
    return id;
  }
}
