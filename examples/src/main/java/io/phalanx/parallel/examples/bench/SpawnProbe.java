package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.impl.channel.ChannelServer;
import io.phalanx.parallel.impl.channel.JdkProcessLauncher;
import io.phalanx.parallel.impl.channel.WorkerProcess;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a worker the way a pool does (its launcher, its channel server, the handshake on stdin) and times it from the
 * launch to its {@code ready} frame on the channel; then ends it through its lifeline.
 */
final class SpawnProbe implements AutoCloseable {

  private final Context context;
  private final ChannelServer server;
  private final JdkProcessLauncher launcher;

  SpawnProbe(Vertx vertx, int maxFrameBytes) throws Exception {
    this.context = vertx.getOrCreateContext();
    this.server = onContext(() -> new ChannelServer(vertx, context, maxFrameBytes));
    CompletableFuture<Void> listening = new CompletableFuture<>();
    context.runOnContext(v -> server.listen().onComplete(ar -> {
      if (ar.succeeded()) {
        listening.complete(null);
      } else {
        listening.completeExceptionally(ar.cause());
      }
    }));
    listening.get(30, TimeUnit.SECONDS);
    this.launcher = new JdkProcessLauncher(context, server);
  }

  /**
   * @param command the worker's argv, the {@code java} executable first
   * @return milliseconds from the launch to the ready frame
   */
  double readyMillis(List<String> command, long timeoutSeconds) throws Exception {
    CompletableFuture<WorkerProcess> started = new CompletableFuture<>();
    CompletableFuture<Long> ready = new CompletableFuture<>();
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    long[] launchedAt = new long[1];
    context.runOnContext(v -> {
      launchedAt[0] = System.nanoTime();
      launcher.launch(command.get(0), command.subList(1, command.size())).onComplete(ar -> {
        if (ar.failed()) {
          started.completeExceptionally(ar.cause());
          return;
        }
        WorkerProcess process = ar.result();
        process.handlers((stream, line) -> { }, end -> { }, exited::complete);
        process.channel().onSuccess(channel -> channel.handlers(frame -> ready.complete(System.nanoTime()),
          broken -> ready.completeExceptionally(new IllegalStateException(broken)), end -> { }));
        started.complete(process);
      });
    });
    WorkerProcess process = started.get(timeoutSeconds, TimeUnit.SECONDS);
    try {
      long at = ready.get(timeoutSeconds, TimeUnit.SECONDS);
      return (at - launchedAt[0]) / 1e6;
    } finally {
      context.runOnContext(v -> process.closeLifeline());
      try {
        exited.get(15, TimeUnit.SECONDS);
      } catch (Exception stillRunning) {
        context.runOnContext(v -> process.kill(true));
      }
      process.ended().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    context.runOnContext(v -> server.close().onComplete(ar -> closed.complete(null)));
    closed.get(15, TimeUnit.SECONDS);
  }

  private <T> T onContext(java.util.concurrent.Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(30, TimeUnit.SECONDS);
  }
}
