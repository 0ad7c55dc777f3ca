package io.phalanx.parallel.impl.channel;

import io.vertx.core.Handler;

/**
 * A worker's private frame channel, as the supervisor handles it: whole frames in, whole frames out, back-pressure
 * both ways. The real one is a Unix domain socket served by Vert.x ({@link SocketFrameChannel}); supervision is
 * unit-tested with a fake. Every handler runs on the supervisor's context.
 */
public interface FrameChannel {

  /**
   * Sets the handlers and starts reading. Called once.
   *
   * @param frame  one frame: a line without its {@code \n}, at most the frame size limit; the array is the handler's
   * @param broken the channel cannot go on: a line over the frame size limit
   * @param end    the other side closed the channel, or the connection failed (reset); once
   */
  void handlers(Handler<byte[]> frame, Handler<String> broken, Handler<Void> end);

  /**
   * Writes one whole frame, {@code \n} included. Never blocks: what the child has not read yet waits in a write
   * queue, which the caller keeps short by writing tasks only while {@link #writeQueueFull()} is false.
   */
  void write(byte[] frame);

  /** Whether the child is behind in reading: no task should be written until {@link #drainHandler} fires. */
  boolean writeQueueFull();

  /** Called once the write queue has room again after {@link #writeQueueFull()} was true. */
  void drainHandler(Handler<Void> drain);

  /** Stops delivering frames; what arrives meanwhile stays in the transport, which stops reading. */
  void pause();

  /** Delivers frames again after {@link #pause()}. */
  void resume();

  /** Closes the channel; the handlers are called no more. */
  void close();
}
