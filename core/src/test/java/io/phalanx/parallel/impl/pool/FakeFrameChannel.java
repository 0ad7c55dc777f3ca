package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.channel.FrameChannel;
import io.vertx.core.Handler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame channel that is only a puppet: it records what the parent writes, and the test delivers frames, breaks or
 * ends it, and says when its write queue is full.
 */
final class FakeFrameChannel implements FrameChannel {

  private final List<byte[]> written = new ArrayList<>();
  private Handler<byte[]> frame;
  private Handler<String> broken;
  private Handler<Void> end;
  private Handler<Void> drain;
  private boolean writeQueueFull;
  private boolean paused;
  private boolean closed;

  @Override
  public void handlers(Handler<byte[]> frame, Handler<String> broken, Handler<Void> end) {
    this.frame = frame;
    this.broken = broken;
    this.end = end;
  }

  @Override
  public void write(byte[] bytes) {
    if (!closed) {
      written.add(bytes);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return writeQueueFull;
  }

  @Override
  public void drainHandler(Handler<Void> drain) {
    this.drain = drain;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public void close() {
    closed = true;
  }

  // ------------------------------------------------------------------------------------------- the test's side

  /** One line as the child sends it, without its {@code \n}. */
  void deliver(byte[] line) {
    requireHandlers();
    frame.handle(line.clone());
  }

  void deliver(String line) {
    deliver(line.getBytes(StandardCharsets.UTF_8));
  }

  void breakWith(String why) {
    requireHandlers();
    broken.handle(why);
  }

  void end() {
    requireHandlers();
    end.handle(null);
  }

  /** The child stops reading (or starts again, which drains the queue). */
  void writeQueueFull(boolean full) {
    writeQueueFull = full;
    if (!full && drain != null) {
      drain.handle(null);
    }
  }

  /** Everything the parent wrote, as one string. */
  String writtenText() {
    StringBuilder sb = new StringBuilder();
    for (byte[] bytes : written) {
      sb.append(new String(bytes, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  boolean isClosed() {
    return closed;
  }

  boolean isPaused() {
    return paused;
  }

  boolean hasHandlers() {
    return frame != null;
  }

  private void requireHandlers() {
    if (frame == null) {
      throw new IllegalStateException("the parent installed no handlers on the channel");
    }
  }
}
