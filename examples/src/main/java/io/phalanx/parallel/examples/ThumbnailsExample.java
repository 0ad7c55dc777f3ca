package io.phalanx.parallel.examples;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.dashboard.DashboardOptions;
import io.phalanx.parallel.dashboard.DashboardVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Makes thumbnails of many images in a pool of worker JVMs, and shows what the pool buys: the same batch runs once
 * on one worker and once on several, and the summary gives the time of each and the speed-up.
 * <p>
 * Each image is one {@link ProcessImage} task (decode a PNG, Lanczos-scale it into a box, encode and write the
 * thumbnail). The parent only sends paths and gets small {@link Thumbnail} records back, so its event loop stays
 * free while the workers do the CPU work.
 * <p>
 * Run it with {@code examples/run-example.sh [options]}; {@code --help} lists the options. The worker JVMs get the
 * parent's class path, so start this class with a real {@code java -cp ...} (as the script does), not through a
 * build tool's class loader.
 */
public final class ThumbnailsExample {

  /** The pools' event-bus addresses start with this; each pool gets its own. */
  static final String ADDRESS = "phalanx.examples.thumbnails";

  /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
  private static final Logger LIBRARY_LOG = Logger.getLogger("io.phalanx.parallel");

  private ThumbnailsExample() {
  }

  public static void main(String[] args) {
    // before any java.awt class loads: this example, and its workers, need no display
    System.setProperty("java.awt.headless", "true");
    // the example prints its own progress; the pool's start and stop notes would only interleave with it
    LIBRARY_LOG.setLevel(Level.WARNING);
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(Options.USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("thumbnails example: " + e.getMessage() + "\n\n" + Options.USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    int status = 0;
    Path temporary = null;
    try {
      if (options.out() == null) {
        temporary = Files.createTempDirectory("phalanx-thumbnails-");
        options = options.withOut(temporary);
      }
      run(vertx, options, System.out);
    } catch (Exception e) {
      System.err.println("thumbnails example failed: " + describe(e));
      status = 1;
    } finally {
      status = close(vertx, status);
      if (temporary != null) {
        // a default run leaves about 70 MB of images; whoever wants to look at them passes --out
        deleteQuietly(temporary);
        System.out.println("removed " + temporary + " (keep the images with --out DIR)");
      }
    }
    System.exit(status);
  }

  /**
   * Generates the source images, runs the batch on one worker and then on {@link Options#workers()}, prints progress
   * and a summary to {@code out}, and checks the thumbnails. The images go to {@link Options#out()}, or to a new
   * temporary folder that is left for the caller. The pools are undeployed before it returns; {@code vertx} stays
   * open.
   *
   * @throws Exception what stopped the run: a pool that could not start, a task that failed, a wrong thumbnail
   */
  public static Report run(Vertx vertx, Options options, PrintStream out) throws Exception {
    Path dir = options.out() != null ? options.out() : Files.createTempDirectory("phalanx-thumbnails-");
    out.printf("generating %d source images of %dx%d in %s%n", options.images(), options.width(), options.height(),
      dir);
    long generating = System.nanoTime();
    List<Path> sources = SourceImages.generate(dir, options.images(), options.width(), options.height());
    out.printf("generated in %.1f s; each gets a thumbnail within %dx%d%n", seconds(generating), options.boxWidth(),
      options.boxHeight());

    PoolRun single = runOnPool(vertx, 1, sources, options, out);
    PoolRun pool = runOnPool(vertx, options.workers(), sources, options, out);
    Report report = new Report(dir, sources, single, pool);
    printSummary(report, out);
    check(report);
    return report;
  }

  private static PoolRun runOnPool(Vertx vertx, int workers, List<Path> sources, Options options, PrintStream out)
    throws Exception {
    String label = Plural.of(workers, "worker");
    // an address per pool: both pools could even be up at once without stealing each other's tasks
    ParallelConfig config = ParallelConfig.defaults()
      .setAgents(workers)
      .setAddress(ADDRESS + ".workers-" + workers)
      .addJvmOption("-Djava.awt.headless=true");

    out.printf("%nstarting a pool of %s%n", label);
    long starting = System.nanoTime();
    String deployment = vertx.deployVerticle(new SupervisorVerticle(config)).await();
    long startMillis = millis(starting);
    out.printf("  ready in %.1f s (worker JVMs started; not counted in the run time)%n", startMillis / 1000.0);

    Exception failure = null;
    String dashboard = null;
    try {
      if (options.dashboard() != Options.NO_DASHBOARD) {
        dashboard = openDashboard(vertx, config.getAddress(), options.dashboard(), out);
      }
      Parallel parallel = Parallel.create(vertx, config.getAddress());
      Progress progress = new Progress(out, "[" + label + "]", sources.size(), Terminal.styled(out));
      long running = System.nanoTime();
      // two tasks per worker in flight: one running and one waiting in its mailbox, so a worker never idles
      // between images, while the rest of the batch waits here instead of piling up in the mailboxes
      ReadStream<Thumbnail> results = parallel.stream(sources,
        source -> new ProcessImage(source.toString(), options.boxWidth(), options.boxHeight()), 2 * workers);
      List<Thumbnail> thumbnails = collect(results, progress).await();
      thumbnails.sort(Comparator.comparing(Thumbnail::source));
      PoolRun run = new PoolRun(workers, startMillis, millis(running), thumbnails);
      if (dashboard != null && workers == options.workers() && options.linger() > 0) {
        out.printf("  the dashboard stays up %d s (--dashboard-linger)%n", options.linger());
        Thread.sleep(options.linger() * 1000L);
      }
      return run;
    } catch (Exception e) {
      failure = e;
      throw e;
    } finally {
      // undeploy drains the pool: every worker JVM has exited once this completes
      try {
        if (dashboard != null) {
          vertx.undeploy(dashboard).await();
        }
        vertx.undeploy(deployment).await();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Serves the live page of one pool (workers, throughput, latency, events) on 127.0.0.1 while it runs; each pool of
   * the example gets the same port in turn, and an open page reconnects to the next one by itself.
   *
   * @return the dashboard's deployment id
   */
  private static String openDashboard(Vertx vertx, String address, int port, PrintStream out) {
    DashboardVerticle dashboard = new DashboardVerticle(new DashboardOptions().setAddress(address).setPort(port));
    String id = vertx.deployVerticle(dashboard).await();
    out.printf("  dashboard: %s%n", dashboard.url());
    return id;
  }

  /**
   * Reads the stream to its end, counting each result on the progress bar as it arrives (in completion order).
   */
  private static Future<List<Thumbnail>> collect(ReadStream<Thumbnail> results, Progress progress) {
    Promise<List<Thumbnail>> all = Promise.promise();
    List<Thumbnail> thumbnails = new ArrayList<>();
    results.exceptionHandler(all::tryFail);
    results.endHandler(v -> all.tryComplete(thumbnails));
    results.handler(thumbnail -> {
      thumbnails.add(thumbnail);
      progress.itemDone();
    });
    return all.future();
  }

  private static void printSummary(Report report, PrintStream out) {
    PoolRun single = report.single();
    PoolRun pool = report.pool();
    out.printf("%nsummary: %s, thumbnails next to them in %s%n", Plural.of(report.sources().size(), "image"),
      report.dir());
    printRun(single, out);
    printRun(pool, out);
    out.printf("  speed-up     %.2fx with %s over 1 worker (%s here, load average %.1f)%n",
      report.speedUp(), Plural.of(pool.workers(), "worker"),
      Plural.of(Runtime.getRuntime().availableProcessors(), "processor"),
      ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.printf("  thumbnails   %s%n", report.sameThumbnailsBothRuns()
      ? "byte-identical in both runs" : "DIFFERENT between the runs");
  }

  private static void printRun(PoolRun run, PrintStream out) {
    StringBuilder perWorker = new StringBuilder();
    run.imagesPerWorker().forEach((worker, count) ->
      perWorker.append(perWorker.length() == 0 ? "" : ", ").append(worker).append(": ").append(count));
    out.printf("  %-11s  %s in %5.1f s  %5.2f images/s  %4d ms per image in a worker  (%s)%n",
      Plural.of(run.workers(), "worker"), Plural.of(run.thumbnails().size(), "image"), run.millis() / 1000.0,
      run.imagesPerSecond(), run.workMillis() / Math.max(1, run.thumbnails().size()), perWorker);
  }

  /**
   * Every image must have a thumbnail on disk whose bytes are those the worker reported, and both runs must agree.
   */
  private static void check(Report report) throws IOException {
    if (report.pool().thumbnails().size() != report.sources().size()) {
      throw new IllegalStateException(report.sources().size() + " images but "
        + report.pool().thumbnails().size() + " thumbnails");
    }
    for (Thumbnail thumbnail : report.pool().thumbnails()) {
      Path file = Path.of(thumbnail.output());
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("no thumbnail at " + file);
      }
      String sha256 = ProcessImage.sha256(Files.readAllBytes(file));
      if (!sha256.equals(thumbnail.sha256())) {
        throw new IllegalStateException("the thumbnail " + file + " has SHA-256 " + sha256 + ", the worker reported "
          + thumbnail.sha256());
      }
    }
    if (!report.sameThumbnailsBothRuns()) {
      throw new IllegalStateException("the pool of " + report.pool().workers()
        + " workers made other thumbnails than the single worker; the scaler is meant to be deterministic");
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("thumbnails example: could not remove " + dir + ": " + e.getMessage());
    }
  }

  private static int close(Vertx vertx, int status) {
    try {
      vertx.close().await(60, TimeUnit.SECONDS);
      return status;
    } catch (TimeoutException e) {
      System.err.println("thumbnails example: Vert.x did not close within 60 s");
      return status == 0 ? 1 : status;
    } catch (RuntimeException e) {
      System.err.println("thumbnails example: closing Vert.x failed: " + describe(e));
      return status == 0 ? 1 : status;
    }
  }

  /**
   * The failure and its causes, class and message each: together they say which image and which worker (the
   * library's exceptions name the pool and the worker).
   */
  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (text.length() > 0) {
        text.append("\n  caused by: ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    return text.toString();
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static long millis(long sinceNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
  }
}
