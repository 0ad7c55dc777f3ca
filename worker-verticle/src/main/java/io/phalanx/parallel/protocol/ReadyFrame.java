package io.phalanx.parallel.protocol;

/**
 * Child to parent, once: the worker runtime is up and reads tasks.
 *
 * @param pid             the child's process id
 * @param protocolVersion the protocol version the child speaks ({@link FrameCodec#PROTOCOL_VERSION})
 * @param workerId        the worker id the parent gave the child
 */
public record ReadyFrame(long pid, int protocolVersion, String workerId) implements Frame {

  public static final String TYPE = "ready";

  @Override
  public String type() {
    return TYPE;
  }
}
