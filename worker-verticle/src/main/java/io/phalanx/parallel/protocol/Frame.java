package io.phalanx.parallel.protocol;

/**
 * One message of the parent/child wire protocol: a single JSON object on one {@code \n}-terminated UTF-8 line, field
 * {@code type} first. {@link FrameCodec} reads and writes them.
 */
public sealed interface Frame permits ReadyFrame, TaskFrame, TaskResponseFrame, ProgressFrame, CancelFrame,
  ShutdownFrame, ServiceCallFrame, ServiceResponseFrame, HeartbeatFrame, StackRequestFrame, TaskStackFrame {

  /**
   * @return the value of the frame's {@code type} field
   */
  String type();
}
