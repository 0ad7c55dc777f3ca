package io.phalanx.parallel.impl.channel;

import io.phalanx.parallel.protocol.FramePrefix;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.testsupport.ChildProcesses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real launcher and channel server, with real processes: the handshake on stdin, the channel on a socket, logs on
 * the pipes, exits seen from the process, and the process group that ends with the worker.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdkProcessLauncherTest {

  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private Vertx vertx;
  private Context context;
  private ChannelServer server;
  private final List<WorkerProcess> started = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void listen(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.server = onContext(() -> new ChannelServer(vertx, context, 1024 * 1024));
    CompletableFuture<Void> listening = new CompletableFuture<>();
    context.runOnContext(v -> server.listen().onComplete(ar -> {
      if (ar.succeeded()) {
        listening.complete(null);
      } else {
        listening.completeExceptionally(ar.cause());
      }
    }));
    listening.get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void endEverything() throws Exception {
    for (WorkerProcess process : started) {
      context.runOnContext(v -> process.kill(true));
      process.ended().await(20, TimeUnit.SECONDS);
    }
    Path socket = server.socket();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    context.runOnContext(v -> server.close().onComplete(ar -> closed.complete(null)));
    closed.get(10, TimeUnit.SECONDS);
    assertThat(socket).as("the socket file is removed").doesNotExist();
    assertThat(socket.getParent()).as("and its private directory").doesNotExist();
  }

  private <T> T onContext(java.util.concurrent.Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }

  private WorkerProcess launch(String command, List<String> args) throws Exception {
    CompletableFuture<WorkerProcess> launched = new CompletableFuture<>();
    context.runOnContext(v -> new JdkProcessLauncher(context, server).launch(command, args).onComplete(ar -> {
      if (ar.succeeded()) {
        started.add(ar.result());
        launched.complete(ar.result());
      } else {
        launched.completeExceptionally(ar.cause());
      }
    }));
    return launched.get(10, TimeUnit.SECONDS);
  }

  /** Records what a process reports, on the context. */
  private static final class Recorder {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final CompletableFuture<Void> logsEnded = new CompletableFuture<>();

    void attach(Context context, WorkerProcess process) {
      context.runOnContext(v -> process.handlers((stream, line) -> lines.add(stream + ":" + line),
        end -> logsEnded.complete(null), exit::complete));
    }
  }

  @Test
  void theHandshakeComesOnStdinAndNeverOnTheCommandLine() throws Exception {
    WorkerProcess process = launch("/bin/sh", List.of("-c", "read path; read token; echo \"$path\"; "
      + "echo \"${#token}\" >&2; cat /proc/$$/cmdline | tr '\\0' ' ' >&2; echo"));
    Recorder recorder = new Recorder();
    recorder.attach(context, process);

    assertThat(recorder.exit.get(10, TimeUnit.SECONDS)).isZero();
    recorder.logsEnded.get(10, TimeUnit.SECONDS);
    assertThat(recorder.lines).contains("stdout:" + server.socket(), "stderr:64");
    assertThat(String.join("\n", recorder.lines)).as("the token (64 hex digits) is nowhere on the command line")
      .doesNotContainPattern("[0-9a-f]{64}");
  }

  @Test
  void workerJoinsChannelFramesArriveOnContext() throws Exception {
    WorkerProcess process = launch(JAVA, List.of("-cp", System.getProperty("java.class.path"),
      "io.phalanx.parallel.worker.WorkerMain", "--worker-id", "worker-7"));
    Recorder recorder = new Recorder();
    recorder.attach(context, process);
    CompletableFuture<String> firstFrame = new CompletableFuture<>();
    CompletableFuture<Boolean> onContext = new CompletableFuture<>();
    context.runOnContext(v -> process.channel().onSuccess(channel -> channel.handlers(frame -> {
      onContext.complete(Vertx.currentContext() == context);
      firstFrame.complete(new String(frame, StandardCharsets.UTF_8));
    }, broken -> firstFrame.completeExceptionally(new AssertionError(broken)), end -> { })));

    String ready = firstFrame.get(30, TimeUnit.SECONDS);
    assertThat(FramePrefix.of(ready.getBytes(StandardCharsets.UTF_8)).type()).isEqualTo(ReadyFrame.TYPE);
    assertThat(ready).contains("\"pid\":" + process.pid()).contains("\"worker\":\"worker-7\"");
    assertThat(onContext.get()).as("read by the context's own event loop").isTrue();

    context.runOnContext(v -> process.closeLifeline());
    assertThat(recorder.exit.get(10, TimeUnit.SECONDS)).as("the end of its lifeline ends it").isZero();
  }

  @Test
  void aConnectionWithAnUnknownTokenIsClosed() throws Exception {
    try (java.nio.channels.SocketChannel stranger = java.nio.channels.SocketChannel.open(
      java.net.UnixDomainSocketAddress.of(server.socket()))) {
      stranger.write(java.nio.ByteBuffer.wrap(("0".repeat(64) + "\n").getBytes(StandardCharsets.US_ASCII)));
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
      assertThat(stranger.read(buffer)).as("the server closes the connection").isEqualTo(-1);
    }
  }

  @Test
  void theSocketDirectoryIsPrivate() throws Exception {
    assertThat(Files.getPosixFilePermissions(server.socket().getParent()))
      .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
  }

  @Test
  void theExitIsSeenAtOnceWhileAGrandchildHoldsTheOutput() throws Exception {
    assumeTrue(JdkProcessLauncher.groupsWorkers(), "needs setsid");
    String seconds = "30." + System.nanoTime() % 1_000_000;
    long before = System.nanoTime();
    WorkerProcess process = launch("/bin/sh", List.of("-c", "sleep " + seconds + " & echo started; exit 3"));
    Recorder recorder = new Recorder();
    recorder.attach(context, process);

    assertThat(recorder.exit.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
    assertThat(millis).as("seen from the process, not from its streams, which the sleep holds").isLessThan(5_000);
    process.ended().await(10, TimeUnit.SECONDS);
    assertThat(ChildProcesses.anywhere("sleep " + seconds)).as("killed with the group").isEmpty();
    recorder.logsEnded.get(10, TimeUnit.SECONDS);
    assertThat(recorder.lines).contains("stdout:started");
  }

  @Test
  void aKillEndsEveryProcessOfTheWorkersGroup() throws Exception {
    assumeTrue(JdkProcessLauncher.groupsWorkers(), "needs setsid");
    WorkerProcess process = launch("/bin/sh", List.of("-c", "sleep 31 & sleep 32 & echo up; wait"));
    Recorder recorder = new Recorder();
    recorder.attach(context, process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<ProcessHandle> children = List.of();
    while (System.nanoTime() < deadline && children.size() < 2) {
      children = ProcessHandle.of(process.pid()).orElseThrow().children().toList();
      Thread.onSpinWait();
    }
    assertThat(children).hasSize(2);

    context.runOnContext(v -> process.kill(true));

    assertThat(recorder.exit.get(10, TimeUnit.SECONDS)).isEqualTo(137);
    process.ended().await(10, TimeUnit.SECONDS);
    for (ProcessHandle child : children) {
      child.onExit().get(5, TimeUnit.SECONDS);
      assertThat(child.isAlive()).isFalse();
    }
  }
}
