package io.phalanx.parallel.impl.channel;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel directories of parents killed before they could clean up: removed when their parent is gone and their
 * socket is dead, kept in every other case.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeftoverChannelDirectoriesTest {

  /** The pid of a process that has exited. */
  private static long deadPid;

  @TempDir
  Path base;

  @BeforeAll
  static void startAndEndAProcess() throws Exception {
    Process process = new ProcessBuilder("true").start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    deadPid = process.pid();
  }

  @Test
  void removesTheDirectoryOfAParentGoneWithADeadSocket() throws Exception {
    Path leftover = channelDirectory(base, deadPid);
    deadSocket(leftover);

    assertThat(LeftoverChannelDirectories.sweep(base, owner())).containsExactly(leftover);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void removesAnEmptyDirectoryOfAParentGone() throws Exception {
    Path leftover = channelDirectory(base, deadPid);

    assertThat(LeftoverChannelDirectories.sweep(base, owner())).containsExactly(leftover);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void keepsTheDirectoryOfALiveParent() throws Exception {
    Path live = channelDirectory(base, ProcessHandle.current().pid());
    deadSocket(live);

    assertThat(LeftoverChannelDirectories.sweep(base, owner())).isEmpty();
    assertThat(live.resolve(LeftoverChannelDirectories.SOCKET_NAME)).exists();
  }

  /** A parent in another pid namespace sharing the folder: its pid means nothing here, but it still listens. */
  @Test
  void keepsADirectoryWhoseSocketStillListens() throws Exception {
    Path listening = channelDirectory(base, deadPid);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(listening.resolve(LeftoverChannelDirectories.SOCKET_NAME)));

      assertThat(LeftoverChannelDirectories.sweep(base, owner())).isEmpty();
      assertThat(listening.resolve(LeftoverChannelDirectories.SOCKET_NAME)).exists();
    }
  }

  @Test
  void keepsADirectoryHoldingAnythingElse() throws Exception {
    Path withMore = channelDirectory(base, deadPid);
    deadSocket(withMore);
    Files.writeString(withMore.resolve("notes.txt"), "mine");
    Path plainFile = Files.createDirectory(base.resolve(LeftoverChannelDirectories.prefixOf(deadPid) + "2"));
    Files.writeString(plainFile.resolve(LeftoverChannelDirectories.SOCKET_NAME), "not a socket");

    assertThat(LeftoverChannelDirectories.sweep(base, owner())).isEmpty();
    assertThat(withMore.resolve("notes.txt")).exists();
    assertThat(plainFile.resolve(LeftoverChannelDirectories.SOCKET_NAME)).hasContent("not a socket");
  }

  @Test
  void keepsWhatItDoesNotName() throws Exception {
    Path cds = Files.createDirectory(base.resolve("phalanx-parallel-cds-someone"));
    Path olderForm = Files.createDirectory(base.resolve("phalanx-12345678901234"));
    Path target = Files.createDirectory(base.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(base.resolve(LeftoverChannelDirectories.prefixOf(deadPid) + "3"), target);

    assertThat(LeftoverChannelDirectories.sweep(base, owner())).isEmpty();
    assertThat(List.of(cds, olderForm, target, link)).allMatch(Files::exists);
  }

  /** Pools that start together sweep the same folder: each leftover goes once, and no sweep fails for another's. */
  @Test
  void sweepsAtTheSameTimeShareTheWork() throws Exception {
    List<Path> leftovers = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Path leftover = channelDirectory(base, deadPid);
      deadSocket(leftover);
      leftovers.add(leftover);
    }
    UserPrincipal owner = owner();
    java.util.concurrent.ExecutorService sweepers = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<Path>>> sweeps = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sweeps.add(sweepers.submit(() -> LeftoverChannelDirectories.sweep(base, owner)));
      }
      List<Path> removed = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<List<Path>> sweep : sweeps) {
        removed.addAll(sweep.get(30, TimeUnit.SECONDS));
      }

      assertThat(removed).containsExactlyInAnyOrderElementsOf(leftovers);
      assertThat(leftovers).noneMatch(Files::exists);
    } finally {
      sweepers.shutdownNow();
    }
  }

  /** The pool's own directory names its parent, and listening sweeps the JVM's temporary folder in the background. */
  @Test
  void listeningRemovesTheLeftoversOfTheTemporaryFolder(Vertx vertx) throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path leftover = channelDirectory(tmp, deadPid);
    deadSocket(leftover);
    Context context = vertx.getOrCreateContext();
    CompletableFuture<ChannelServer> listening = new CompletableFuture<>();
    context.runOnContext(v -> {
      ChannelServer server = new ChannelServer(vertx, context, 1024);
      server.listen().onSuccess(ok -> listening.complete(server)).onFailure(listening::completeExceptionally);
    });
    ChannelServer server = listening.get(30, TimeUnit.SECONDS);
    try {
      List<Path> removed = server.leftoversSwept().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);

      assertThat(removed).contains(leftover);
      assertThat(leftover).doesNotExist();
      assertThat(server.socket().getParent().getFileName().toString())
        .startsWith(LeftoverChannelDirectories.prefixOf(ProcessHandle.current().pid()));
    } finally {
      Files.deleteIfExists(leftover.resolve(LeftoverChannelDirectories.SOCKET_NAME));
      Files.deleteIfExists(leftover);
      CompletableFuture<Void> closed = new CompletableFuture<>();
      context.runOnContext(v -> server.close().onComplete(ar -> closed.complete(null)));
      closed.get(30, TimeUnit.SECONDS);
    }
    assertThat(server.socket().getParent()).doesNotExist();
  }

  private UserPrincipal owner() throws IOException {
    return Files.getOwner(base);
  }

  private static Path channelDirectory(Path in, long pid) throws IOException {
    return Files.createTempDirectory(in, LeftoverChannelDirectories.prefixOf(pid));
  }

  /** A socket file whose listener has closed: what a killed parent leaves. */
  private static void deadSocket(Path directory) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(directory.resolve(LeftoverChannelDirectories.SOCKET_NAME)));
    }
  }
}
