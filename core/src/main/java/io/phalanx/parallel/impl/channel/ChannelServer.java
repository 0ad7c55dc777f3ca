package io.phalanx.parallel.impl.channel;

import io.phalanx.parallel.protocol.ChannelHandshake;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Where a pool's workers join their channels: a Unix domain socket in a directory that only this user can enter,
 * served by a Vert.x {@link NetServer} on the supervisor's context, so that each worker's frames are read and written
 * by the supervisor's event loop itself (NIO transport, no native library, JDK 16+).
 * <p>
 * Each spawn gets a one-time token ({@link #expect}) that the child reads from its stdin and sends as the first line
 * of its connection. A connection whose first line is no expected token, or that sends none within
 * {@link #AUTH_TIMEOUT_MS}, is closed: only the processes the pool started can join.
 * <p>
 * Confined to the supervisor's context.
 */
public final class ChannelServer {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.channel");
  /** How long a new connection has to prove who it is. */
  static final long AUTH_TIMEOUT_MS = 30_000;
  /** A Unix socket path longer than this (108 bytes on Linux, with its terminator) cannot be bound. */
  private static final int MAX_SOCKET_PATH_BYTES = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Context context;
  private final int maxFrameBytes;
  private final Map<String, Promise<FrameChannel>> expected = new HashMap<>();
  private Path directory;
  private Path socket;
  private NetServer server;
  private Future<List<Path>> leftoversSwept = Future.succeededFuture(List.of());

  /**
   * @param context       the supervisor's context: every connection is served there
   * @param maxFrameBytes the frame size limit of the pool
   */
  public ChannelServer(Vertx vertx, Context context, int maxFrameBytes) {
    this.vertx = vertx;
    this.context = context;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Creates the private directory and listens; then, in the background, removes what parents killed before they
   * could clean up left in the same folder ({@link LeftoverChannelDirectories}). Call on the supervisor's context.
   */
  public Future<Void> listen() {
    try {
      directory = privateDirectory();
      socket = directory.resolve(LeftoverChannelDirectories.SOCKET_NAME);
    } catch (IOException e) {
      return Future.failedFuture(new IllegalStateException("cannot create the private directory of the workers' "
        + "channels: " + e, e));
    }
    server = vertx.createNetServer(new NetServerOptions());
    server.connectHandler(this::connected);
    return server.listen(SocketAddress.domainSocketAddress(socket.toString()))
      .<Void>mapEmpty()
      .onSuccess(v -> leftoversSwept = sweepLeftovers())
      .recover(e -> {
        deleteFiles();
        return Future.failedFuture(new IllegalStateException("cannot listen on the workers' channel socket "
          + socket + ": " + e.getMessage(), e));
      });
  }

  /** What the sweep that follows {@link #listen} removed; empty until it has run. */
  Future<List<Path>> leftoversSwept() {
    return leftoversSwept;
  }

  private Future<List<Path>> sweepLeftovers() {
    Path base = directory.getParent();
    return vertx.<List<Path>>executeBlocking(() ->
        LeftoverChannelDirectories.sweep(base, Files.getOwner(directory)), false)
      .onSuccess(removed -> {
        if (!removed.isEmpty()) {
          LOG.log(System.Logger.Level.INFO, "removed " + removed.size() + " channel director"
            + (removed.size() == 1 ? "y" : "ies") + " of parents gone without cleaning up, in " + base);
        }
      })
      .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "cannot look for leftover channel directories in " + base
        + ": " + e));
  }

  /** The socket's path. */
  public Path socket() {
    return socket;
  }

  /**
   * A new one-time token, and the channel of the child that will prove it.
   */
  public Expectation expect() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    Promise<FrameChannel> channel = Promise.promise();
    expected.put(token, channel);
    return new Expectation(new ChannelHandshake(socket.toString(), token), channel.future());
  }

  /**
   * A token and the channel its child will join.
   *
   * @param handshake what the child reads on its stdin
   * @param channel   completes when the child has joined; never completes if it does not
   */
  public record Expectation(ChannelHandshake handshake, Future<FrameChannel> channel) {
  }

  /** The token is no longer expected (its process exited, or the spawn failed). */
  public void forget(ChannelHandshake handshake) {
    expected.remove(handshake.token());
  }

  /** Stops listening and removes the socket and its directory. Connected channels stay open until closed. */
  public Future<Void> close() {
    expected.clear();
    Future<Void> closed = server != null ? server.close() : Future.succeededFuture();
    return closed.eventually(() -> {
      deleteFiles();
      return Future.succeededFuture();
    });
  }

  private void connected(NetSocket connection) {
    SocketLines lines = new SocketLines(connection).maxLineBytes(ChannelHandshake.MAX_LINE_BYTES);
    long timer = vertx.setTimer(AUTH_TIMEOUT_MS, t -> {
      LOG.log(System.Logger.Level.WARNING, "a connection to the workers' channel sent no token within "
        + AUTH_TIMEOUT_MS + " ms: closed");
      connection.close();
    });
    lines.exceptionHandler(e -> {
      vertx.cancelTimer(timer);
      connection.close();
    });
    lines.endHandler(v -> vertx.cancelTimer(timer));
    // until the channel is taken over: a connection that fails is simply closed, and its timer ends with it
    connection.exceptionHandler(e -> connection.close());
    lines.handler(first -> {
      vertx.cancelTimer(timer);
      // nothing more is parsed until the worker slot takes the channel over
      lines.pause();
      Promise<FrameChannel> channel = claim(first);
      if (channel == null) {
        LOG.log(System.Logger.Level.WARNING, "a connection to the workers' channel sent an unknown token: closed");
        connection.close();
        return;
      }
      channel.tryComplete(new SocketFrameChannel(context, connection, lines, maxFrameBytes));
    });
    lines.resume();
  }

  /** The promise of the token the line holds, compared in constant time; removed: a token is used once. */
  private Promise<FrameChannel> claim(byte[] given) {
    for (Map.Entry<String, Promise<FrameChannel>> entry : expected.entrySet()) {
      if (MessageDigest.isEqual(given, entry.getKey().getBytes(StandardCharsets.US_ASCII))) {
        expected.remove(entry.getKey());
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * {@code <tmp>/phalanx-<pid>-XXXX}, mode 0700; under {@code /tmp} when the JVM's temporary directory would make the
   * socket path too long to bind. The pid tells a later pool whether the directory's parent is still alive.
   */
  private static Path privateDirectory() throws IOException {
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    String prefix = LeftoverChannelDirectories.prefixOf(ProcessHandle.current().pid());
    // what follows the folder: "/", the prefix, up to 20 random digits, "/channel.sock"
    int below = 1 + prefix.length() + 20 + 1 + LeftoverChannelDirectories.SOCKET_NAME.length();
    if (base.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES - below) {
      base = Path.of("/tmp");
    }
    Path dir;
    try {
      dir = Files.createTempDirectory(base, prefix,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException notPosix) {
      dir = Files.createTempDirectory(base, prefix);
    }
    return dir;
  }

  private void deleteFiles() {
    try {
      if (socket != null) {
        Files.deleteIfExists(socket);
      }
      if (directory != null) {
        Files.deleteIfExists(directory);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove the workers' channel socket " + socket + ": " + e);
    }
  }
}
