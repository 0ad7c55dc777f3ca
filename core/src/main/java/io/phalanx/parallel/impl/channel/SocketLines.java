package io.phalanx.parallel.impl.channel;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Splits what a socket reads into {@code \n}-terminated lines, each handed over as a {@code byte[]} of its own without
 * the terminator.
 * <p>
 * In place of Vert.x's {@code RecordParser}, which copies every line twice (into a {@code Buffer} of its own, then into
 * the bytes the frame decoder reads): here a line that arrived whole is copied once, straight from the socket's read,
 * and the line end is found by Netty's word-at-a-time search. In a profile of the no-op benchmark the parser's copies
 * were about a tenth of the supervisor's event loop.
 * <p>
 * {@link #pause()} stops the lines at once (the rest of a read waits here) and pauses the socket, so the kernel's
 * buffer and then the writer hold what follows; {@link #resume()} hands over the waiting lines, then reads on. A
 * partial line longer than {@link #maxLineBytes} is refused: the exception handler is called once and every later
 * byte is dropped. Confined to the socket's context.
 */
final class SocketLines {

  private final NetSocket socket;
  private int maxLineBytes = Integer.MAX_VALUE - 8;
  private Handler<byte[]> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  /** Reads not yet split, the first maybe in part: they wait while paused. */
  private final ArrayDeque<ByteBuf> reads = new ArrayDeque<>();
  /** The start of a line whose end has not arrived yet. */
  private byte[] partial = new byte[0];
  private int partialLength;
  private boolean paused;
  private boolean splitting;
  private boolean ended;
  private boolean endSignalled;
  private boolean refused;

  /** Starts paused, like a stream that no one reads yet: {@link #resume()} once the handlers are set. */
  SocketLines(NetSocket socket) {
    this.socket = socket;
    this.paused = true;
    socket.pause();
    socket.handler(this::read);
    socket.endHandler(v -> {
      ended = true;
      split();
    });
  }

  /** @param maxLineBytes the longest line taken; a longer one, even unfinished, breaks the stream */
  SocketLines maxLineBytes(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
    return this;
  }

  SocketLines handler(Handler<byte[]> handler) {
    this.handler = handler;
    return this;
  }

  SocketLines exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  /** Called once, after the last line, when the other side has closed the socket. */
  SocketLines endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  void pause() {
    if (!paused) {
      paused = true;
      socket.pause();
    }
  }

  void resume() {
    if (paused) {
      paused = false;
      split();
      if (!paused) {
        socket.resume();
      }
    }
  }

  private void read(Buffer buffer) {
    if (refused || buffer.length() == 0) {
      return;
    }
    reads.addLast(((BufferInternal) buffer).getByteBuf());
    split();
  }

  private void split() {
    if (splitting) {
      // a handler that resumes while it is being called: the loop below goes on by itself
      return;
    }
    splitting = true;
    try {
      while (!paused && !refused && !reads.isEmpty()) {
        ByteBuf read = reads.peekFirst();
        int end = read.indexOf(read.readerIndex(), read.writerIndex(), (byte) '\n');
        if (end < 0) {
          keepPartial(read);
          reads.removeFirst();
          continue;
        }
        byte[] line = take(read, end);
        read.readerIndex(end + 1);
        if (!read.isReadable()) {
          reads.removeFirst();
        }
        if (line != null) {
          handler.handle(line);
        }
      }
      if (ended && reads.isEmpty() && !endSignalled && !refused) {
        // an unfinished last line is dropped: it is no frame
        endSignalled = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } finally {
      splitting = false;
    }
  }

  /** The line that ends at {@code end} of {@code read}, with the partial line before it; null when it is too long. */
  private byte[] take(ByteBuf read, int end) {
    int length = end - read.readerIndex();
    if ((long) partialLength + length > maxLineBytes) {
      refuse();
      return null;
    }
    byte[] line = new byte[partialLength + length];
    System.arraycopy(partial, 0, line, 0, partialLength);
    read.getBytes(read.readerIndex(), line, partialLength, length);
    partialLength = 0;
    if (partial.length > 64 * 1024) {
      // a long line's room is not kept for the short ones after it
      partial = new byte[0];
    }
    return line;
  }

  private void keepPartial(ByteBuf read) {
    int length = read.readableBytes();
    if ((long) partialLength + length > maxLineBytes) {
      refuse();
      return;
    }
    if (partialLength + length > partial.length) {
      partial = Arrays.copyOf(partial, (int) Math.min(maxLineBytes, Math.max(256L, 2L * (partialLength + length))));
    }
    read.getBytes(read.readerIndex(), partial, partialLength, length);
    partialLength += length;
  }

  private void refuse() {
    refused = true;
    reads.clear();
    partial = new byte[0];
    partialLength = 0;
    if (exceptionHandler != null) {
      exceptionHandler.handle(new IllegalStateException("a line longer than " + maxLineBytes + " bytes"));
    }
  }
}
