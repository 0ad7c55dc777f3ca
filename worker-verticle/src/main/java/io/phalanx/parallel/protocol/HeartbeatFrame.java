package io.phalanx.parallel.protocol;

/**
 * Child to parent, every heartbeat interval, from a thread of its own: the JVM is alive. A long task keeps its worker
 * beating; a SIGSTOPped process, or a JVM stuck in a garbage collection or at a safepoint, falls silent. The parent
 * counts any frame as a sign of life, this one only says so when nothing else is sent.
 */
public record HeartbeatFrame() implements Frame {

  public static final String TYPE = "heartbeat";

  public static final HeartbeatFrame INSTANCE = new HeartbeatFrame();

  @Override
  public String type() {
    return TYPE;
  }
}
