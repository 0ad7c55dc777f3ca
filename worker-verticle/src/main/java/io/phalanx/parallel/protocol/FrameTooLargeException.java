package io.phalanx.parallel.protocol;

import java.io.IOException;

/**
 * A frame would exceed the frame size limit. Thrown while writing, before anything is sent.
 */
public class FrameTooLargeException extends IOException {

  private final long limit;

  public FrameTooLargeException(long limit) {
    super("frame exceeds the frame size limit of " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
