package io.phalanx.parallel.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * How a worker finds and joins its channel. The parent writes two lines on the child's stdin: the path of the Unix
 * domain socket it listens on, and a one-time token; nothing secret is ever on the command line, which every local
 * user can read. The child connects to the socket and sends the token as its first line; every frame follows on that
 * socket. The child's stdin then stays open as its lifeline only: it exits when stdin closes.
 *
 * @param socketPath the socket's path
 * @param token      the token that proves the connection comes from the process the parent started
 */
public record ChannelHandshake(String socketPath, String token) {

  /** The longest handshake line either side accepts. */
  public static final int MAX_LINE_BYTES = 4096;

  /** What the parent writes on the child's stdin. */
  public byte[] stdinBytes() {
    return (socketPath + "\n" + token + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** What the child sends first on the socket. */
  public byte[] tokenLine() {
    return (token + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads the two lines from the child's stdin, one byte at a time: nothing after them is consumed, so the stream can
   * go on as the lifeline.
   *
   * @throws IOException when stdin ends or a line is too long before both lines arrived
   */
  public static ChannelHandshake read(InputStream stdin) throws IOException {
    String path = readLine(stdin);
    String token = readLine(stdin);
    if (path.isEmpty() || token.isEmpty()) {
      throw new IOException("the channel handshake on stdin is incomplete: expected the socket path and the token");
    }
    return new ChannelHandshake(path, token);
  }

  private static String readLine(InputStream in) throws IOException {
    byte[] line = new byte[MAX_LINE_BYTES];
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("stdin ended before the channel handshake was complete (a worker is started by the "
          + "pool's supervisor, which writes it)");
      }
      if (b == '\n') {
        return new String(line, 0, length, StandardCharsets.UTF_8);
      }
      if (length == MAX_LINE_BYTES) {
        throw new IOException("a channel handshake line is longer than " + MAX_LINE_BYTES + " bytes");
      }
      line[length++] = (byte) b;
    }
  }
}
