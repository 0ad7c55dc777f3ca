package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.examples.ProcessImage;
import io.phalanx.parallel.examples.Thumbnail;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One way of making the main example's thumbnails of a batch of images: a pool of workers, or
 * {@code executeBlocking} on a {@link WorkerExecutor}. Ready to run batches once created; {@link #close()} undeploys
 * the pool or closes the executor.
 *
 * @param name        the suffix of the keys: {@code thumbnails_<name>_s}
 * @param description how the batch runs, for the key's description
 * @param batch       makes the thumbnail of every source image; returns when all are made
 * @param closer      ends the pool or the executor
 */
record ThumbnailModel(String name, String description, Supplier<List<Thumbnail>> batch, Closer closer)
  implements AutoCloseable {

  /** The thumbnails' box, as the main example makes them. */
  static final int BOX_WIDTH = 800;
  static final int BOX_HEIGHT = 600;

  /** Ends what a model runs on. */
  @FunctionalInterface
  interface Closer {
    void close() throws Exception;
  }

  List<Thumbnail> runBatch() {
    return batch.get();
  }

  @Override
  public void close() throws Exception {
    closer.close();
  }

  /** A pool of {@code workers} with the default options, used through {@link Parallel#map}. */
  static ThumbnailModel pool(Vertx vertx, List<Path> sources, int workers, String name) throws Exception {
    String address = "bench.models." + name;
    String id = vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(workers)
      .setAddress(address).setMailboxLimit(sources.size()))).await(120, TimeUnit.SECONDS);
    Parallel parallel = Parallel.create(vertx, address);
    return new ThumbnailModel(name, "the main example's work: " + sources.size() + " images of 1600x1200 into "
      + BOX_WIDTH + "x" + BOX_HEIGHT + " in a pool of " + workers + " (default options)",
      () -> await(parallel.map(sources, p -> new ProcessImage(p.toString(), BOX_WIDTH, BOX_HEIGHT), 2 * workers)),
      () -> vertx.undeploy(id).await(120, TimeUnit.SECONDS));
  }

  /** The same work on a {@link WorkerExecutor} of {@code threads}, in the caller's JVM. */
  static ThumbnailModel executor(Vertx vertx, List<Path> sources, int threads, String name) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("bench-execblocking-" + name, threads);
    return new ThumbnailModel(name, "the same work through vertx.executeBlocking on a WorkerExecutor of " + threads
      + " threads", () -> {
        List<Future<Thumbnail>> all = new ArrayList<>();
        for (Path source : sources) {
          ProcessImage task = new ProcessImage(source.toString(), BOX_WIDTH, BOX_HEIGHT);
          all.add(executor.executeBlocking(() -> task.run(LocalScope.INSTANCE), false));
        }
        return await(Future.all(all)).list();
      }, () -> executor.close().await(30, TimeUnit.SECONDS));
  }

  /** @return the future's result, within 10 minutes; a failure or the deadline as an unchecked exception */
  static <T> T await(Future<T> future) {
    try {
      return future.await(600, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a task sees when it runs in the parent's own threads: no services, no progress. */
  static final class LocalScope implements TaskScope {
    static final LocalScope INSTANCE = new LocalScope();

    private LocalScope() {
    }

    @Override
    public <S> S service(Class<S> type) {
      throw new UnsupportedOperationException("no services outside a worker");
    }

    @Override
    public void progress(Object update) {
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public String workerId() {
      return Thread.currentThread().getName().replace(' ', '-');
    }

    @Override
    public Vertx vertx() {
      throw new UnsupportedOperationException("no worker Vert.x outside a worker");
    }
  }
}
