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

/**
 * One way of making the main example's thumbnails of a batch of images: a pool of workers, or
 * {@code executeBlocking} on a {@link WorkerExecutor}. Ready to run batches once created; {@link #close()} undeploys
 * the pool or closes the executor.
 */
interface ThumbnailModel extends AutoCloseable {

  /** The thumbnails' box, as the main example makes them. */
  int BOX_WIDTH = 800;
  int BOX_HEIGHT = 600;

  /** The suffix of the keys: {@code thumbnails_<name>_s}. */
  String name();

  /** How the batch runs, for the key's description. */
  String description();

  /** Makes the thumbnail of every source image; returns when all are made. */
  List<Thumbnail> batch();

  @Override
  void close() throws Exception;

  /** A pool of {@code workers} with the default options, used through {@link Parallel#map}. */
  static ThumbnailModel pool(Vertx vertx, List<Path> sources, int workers, String name) throws Exception {
    String address = "bench.models." + name;
    String id = vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(workers)
      .setAddress(address).setMailboxLimit(sources.size()))).await(120, TimeUnit.SECONDS);
    Parallel parallel = Parallel.create(vertx, address);
    return new ThumbnailModel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "the main example's work: " + sources.size() + " images of 1600x1200 into " + BOX_WIDTH + "x"
          + BOX_HEIGHT + " in a pool of " + workers + " (default options)";
      }

      @Override
      public List<Thumbnail> batch() {
        return await(parallel.map(sources, p -> new ProcessImage(p.toString(), BOX_WIDTH, BOX_HEIGHT), 2 * workers));
      }

      @Override
      public void close() throws Exception {
        vertx.undeploy(id).await(120, TimeUnit.SECONDS);
      }
    };
  }

  /** The same work on a {@link WorkerExecutor} of {@code threads}, in the caller's JVM. */
  static ThumbnailModel executor(Vertx vertx, List<Path> sources, int threads, String name) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("bench-execblocking-" + name, threads);
    return new ThumbnailModel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "the same work through vertx.executeBlocking on a WorkerExecutor of " + threads + " threads";
      }

      @Override
      public List<Thumbnail> batch() {
        List<Future<Thumbnail>> all = new ArrayList<>();
        for (Path source : sources) {
          ProcessImage task = new ProcessImage(source.toString(), BOX_WIDTH, BOX_HEIGHT);
          all.add(executor.executeBlocking(() -> task.run(LocalScope.INSTANCE), false));
        }
        return await(Future.all(all)).list();
      }

      @Override
      public void close() throws Exception {
        executor.close().await(30, TimeUnit.SECONDS);
      }
    };
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(600, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a task sees when it runs in the parent's own threads: no services, no progress. */
  final class LocalScope implements TaskScope {
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
