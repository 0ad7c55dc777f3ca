package io.phalanx.parallel.protocol;

/**
 * Parent to child: finish the running task, then exit with status 0.
 */
public record ShutdownFrame() implements Frame {

  public static final String TYPE = "shutdown";

  public static final ShutdownFrame INSTANCE = new ShutdownFrame();

  @Override
  public String type() {
    return TYPE;
  }
}
