package io.phalanx.parallel.impl.channel;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;

/**
 * A child's stdout or stderr as a Vert.x {@link ReadStream}: a daemon thread reads the pipe (the JDK gives no
 * selectable channel for it) and hands chunks to the context, at most {@link #MAX_CHUNKS_IN_FLIGHT} at a time. A
 * paused stream keeps what it was handed and the thread stops reading, so the pipe fills and the child blocks on its
 * writes: back-pressure, not an unbounded queue. These streams carry logs only; frames never cross them.
 */
final class ProcessOutput implements ReadStream<Buffer> {

  /** A read hands over at most this much at once. */
  static final int CHUNK_BYTES = 8 * 1024;
  /** Chunks read but not yet handled. */
  static final int MAX_CHUNKS_IN_FLIGHT = 4;

  private final Context context;
  private final InputStream in;
  private final String threadName;
  private final Semaphore credits = new Semaphore(MAX_CHUNKS_IN_FLIGHT);
  // only touched on the context
  private final ArrayDeque<Buffer> waiting = new ArrayDeque<>();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private boolean ended;
  private boolean endDelivered;

  ProcessOutput(Context context, InputStream in, String threadName) {
    this.context = context;
    this.in = in;
    this.threadName = threadName;
  }

  /** Starts reading; call once the handlers are set. */
  ProcessOutput start() {
    Thread reader = new Thread(this::read, threadName);
    reader.setDaemon(true);
    reader.start();
    return this;
  }

  private void read() {
    byte[] buffer = new byte[CHUNK_BYTES];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (n > 0) {
          Buffer chunk = Buffer.buffer(java.util.Arrays.copyOf(buffer, n));
          credits.acquireUninterruptibly();
          context.runOnContext(v -> arrived(chunk));
        }
      }
    } catch (IOException e) {
      // a stream closed under the reader has ended
    } finally {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
    context.runOnContext(v -> {
      ended = true;
      deliver();
    });
  }

  private void arrived(Buffer chunk) {
    waiting.add(chunk);
    deliver();
  }

  private void deliver() {
    while (demand > 0 && !waiting.isEmpty()) {
      Buffer chunk = waiting.poll();
      credits.release();
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      Handler<Buffer> h = handler;
      if (h != null) {
        h.handle(chunk);
      }
    }
    if (ended && waiting.isEmpty() && !endDelivered) {
      endDelivered = true;
      Handler<Void> h = endHandler;
      if (h != null) {
        h.handle(null);
      }
    }
  }

  @Override
  public ProcessOutput exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ProcessOutput handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ProcessOutput pause() {
    demand = 0;
    return this;
  }

  @Override
  public ProcessOutput resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ProcessOutput fetch(long amount) {
    demand = amount == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (context.isEventLoopContext() && io.vertx.core.Vertx.currentContext() == context) {
      deliver();
    } else {
      context.runOnContext(v -> deliver());
    }
    return this;
  }

  @Override
  public ProcessOutput endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }
}
