package io.phalanx.parallel.impl.channel;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker's channel on its Unix domain socket: a Vert.x {@link NetSocket} read and written by the supervisor's event
 * loop, split into lines by {@link SocketLines}.
 * <p>
 * Reading is bounded: a line longer than the frame size limit breaks the channel, and a worker that sends frames
 * faster than the supervisor handles them is paused. After {@link #FRAMES_PER_TURN} frames in a row the parser
 * pauses (which pauses the socket, so the kernel's buffer and then the child's writes hold the rest) and resumes on
 * the context's next turn: one chatty worker cannot keep the event loop from the other workers, the event bus or the
 * timers. Writing never blocks: {@link #writeQueueFull()} tells the caller when to stop.
 */
final class SocketFrameChannel implements FrameChannel {

  /** Past this much gathered in one turn, the channel says its write queue is full until the turn ends. */
  static final int GATHER_LIMIT_BYTES = 64 * 1024;
  /** The frames handled in one go before the event loop gets a turn for others. */
  static final int FRAMES_PER_TURN = 256;
  /**
   * The parser refuses a partial line past this size. The frame size limit itself is checked on each whole line; this
   * margin only keeps a small limit from tripping on the complete lines a read delivered at once.
   */
  private static final int MIN_RECORD_BYTES = 1024 * 1024;

  private final Context context;
  private final NetSocket socket;
  private final SocketLines lines;
  private final int maxFrameBytes;
  private int framesThisTurn;
  private boolean turnScheduled;
  private boolean paused;
  private boolean closed;
  private boolean ended;
  private boolean flushScheduled;
  /** The frames written in this turn, written together at its end; null when there are none. */
  private List<byte[]> gathered;
  private int gatheredBytes;
  private boolean fullWhileGathering;
  private Handler<Void> drain;

  SocketFrameChannel(Context context, NetSocket socket, SocketLines lines, int maxFrameBytes) {
    this.context = context;
    this.socket = socket;
    this.lines = lines;
    this.maxFrameBytes = maxFrameBytes;
    lines.maxLineBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_RECORD_BYTES, maxFrameBytes + 1L)));
  }

  @Override
  public void handlers(Handler<byte[]> frame, Handler<String> broken, Handler<Void> end) {
    lines.endHandler(v -> {
      if (!closed && !ended) {
        ended = true;
        end.handle(null);
      }
    });
    lines.handler(line -> {
      if (closed) {
        return;
      }
      if (line.length > maxFrameBytes) {
        broken.handle("sent a frame of " + line.length + " bytes, over the frame size limit of " + maxFrameBytes
          + " bytes");
        return;
      }
      frame.handle(line);
      if (++framesThisTurn >= FRAMES_PER_TURN) {
        yieldTurn();
      }
    });
    lines.exceptionHandler(e -> {
      if (!closed) {
        broken.handle("sent a line longer than the frame size limit of " + maxFrameBytes + " bytes");
      }
    });
    // a transport failure (a reset when the child is killed, say) ends the channel like a close: the process's exit,
    // which follows, is the reason that counts
    socket.exceptionHandler(e -> {
      if (!closed && !ended) {
        ended = true;
        end.handle(null);
      }
    });
    lines.resume();
  }

  /** Lets the event loop serve others, then reads on. */
  private void yieldTurn() {
    lines.pause();
    if (!turnScheduled) {
      turnScheduled = true;
      context.runOnContext(v -> {
        turnScheduled = false;
        framesThisTurn = 0;
        if (!paused && !closed) {
          lines.resume();
        }
      });
    }
  }

  /**
   * The frames written in a turn of the event loop are gathered and written together when it has run what it had
   * queued: a burst of tasks costs one system call and one wake-up of the child, not one each, and the child reads
   * the burst at once. A lone task waits for nothing but that one queued step. (Writing the first frame of a turn at
   * once, as this did before, split each burst in two: 210-216k against 228-235k no-op tasks/s, and 0.2-0.5 µs more of
   * the worker's CPU per task, with the same round trip.)
   */
  @Override
  public void write(byte[] frame) {
    if (closed) {
      return;
    }
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flushGathered());
    }
    if (gathered == null) {
      gathered = new ArrayList<>();
      gatheredBytes = 0;
    }
    gathered.add(frame);
    gatheredBytes += frame.length;
  }

  private void flushGathered() {
    flushScheduled = false;
    List<byte[]> batch = gathered;
    gathered = null;
    if (batch != null && !closed) {
      // the frames side by side, not copied into one buffer that grows as they come: the transport copies them once,
      // into the direct buffer it writes from
      socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(batch.toArray(new byte[0][]))));
    }
    if (fullWhileGathering) {
      fullWhileGathering = false;
      // the socket says when its own queue drains; this one drained now
      Handler<Void> handler = drain;
      if (handler != null && !closed && !socket.writeQueueFull()) {
        handler.handle(null);
      }
    }
  }

  @Override
  public boolean writeQueueFull() {
    if (socket.writeQueueFull()) {
      return true;
    }
    // what waits for the end of the turn counts too
    if (gathered != null && gatheredBytes >= GATHER_LIMIT_BYTES) {
      fullWhileGathering = true;
      return true;
    }
    return false;
  }

  @Override
  public void drainHandler(Handler<Void> drain) {
    this.drain = drain;
    socket.drainHandler(drain);
  }

  @Override
  public void pause() {
    paused = true;
    lines.pause();
  }

  @Override
  public void resume() {
    paused = false;
    if (!turnScheduled) {
      framesThisTurn = 0;
      lines.resume();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      socket.close();
    }
  }
}
