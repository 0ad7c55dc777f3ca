package io.phalanx.parallel.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Blocking streams over a connected socket channel, one thread reading while another writes. Not
 * {@code Channels.newInputStream/newOutputStream}: on JDK 17 both take the channel's blocking lock, so a read that
 * waits for the parent would hold back every write (JDK-8279339).
 */
final class SocketStreams {

  private SocketStreams() {
  }

  static InputStream input(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, len));
        return n;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  static OutputStream output(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      /**
       * Writes with the calling thread's interrupt flag cleared, and sets it again afterwards: a blocking channel closes
       * itself when a thread in its I/O, or entering it, is interrupted, and a task's thread writes its progress and
       * its service calls. A task that keeps its flag set (as code that catches {@code InterruptedException} and
       * restores it does) must not end its worker's channel. ({@link FrameWriter#interruptBetweenWrites} keeps the
       * worker's own interrupts out of a write in progress.)
       */
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
          ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
