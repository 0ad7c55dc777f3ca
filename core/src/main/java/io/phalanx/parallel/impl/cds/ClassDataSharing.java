package io.phalanx.parallel.impl.cds;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.impl.channel.ChannelServer;
import io.phalanx.parallel.impl.pool.PoolEvents;
import io.phalanx.parallel.impl.pool.WorkerCommand;
import io.phalanx.parallel.impl.pool.WorkerPool;
import io.phalanx.parallel.protocol.FramePrefix;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gives a pool's workers a class-data-sharing archive ({@link ClassDataArchive}): when the pool starts, workers use
 * the archive of their command if one exists; otherwise, once the pool has started, one training JVM runs the worker
 * command in the background with the archive-writing flag, and the workers started after it finished (restarts,
 * recycled workers, the next pool) use the archive. Failures are logged once and remembered in a marker file, so
 * a command that cannot be archived costs no training run on every start.
 * <p>
 * Everything but the training thread runs on the supervisor's context; {@link #stop()} ends a training JVM still
 * running (and any JVM it started) so that nothing outlives the pool.
 */
public final class ClassDataSharing {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");
  /** A lock older than this belongs to a training whose JVM died: it is taken over. */
  static final long STALE_LOCK_MS = 120_000;
  /**
   * Archives kept in the directory, the most recently used ones: each build with new jars trains a new archive, and
   * a trained one deletes the oldest beyond these.
   */
  static final int ARCHIVES_KEPT = 8;
  /**
   * A training run that takes longer is ended and counts as failed (a JDK 25 AOT cache took 30 s on a busy 2-core
   * machine); shorter than {@link #STALE_LOCK_MS}, so a live training's lock is never taken over.
   */
  static final long TRAINING_TIMEOUT_MS = 100_000;
  static final String TRAINING_WORKER_ID = "cds-training";

  private final Vertx vertx;
  private final Context context;
  private final String address;
  private final WorkerCommand command;
  private final Path directory;
  private final ArchiveOutcomes outcomes;
  /** Where the training JVM joins a channel, as every worker does; {@code null} where nothing is trained. */
  private final ChannelServer channels;
  private final boolean enabled;
  /** The archive to train once the pool has started; {@code null} when there is nothing to train. */
  private ClassDataArchive untrained;
  private final Object processLock = new Object();
  private Process training;
  private boolean stopped;
  private Future<Void> trainerDone = Future.succeededFuture();

  ClassDataSharing(Vertx vertx, Context context, ParallelConfig config, WorkerCommand command, ChannelServer channels,
                   PoolEvents events) {
    this.vertx = vertx;
    this.channels = channels;
    this.context = context;
    this.address = config.getAddress();
    this.command = command;
    this.directory = config.getClassDataDirectory() != null ? Path.of(config.getClassDataDirectory())
      : defaultDirectory();
    this.outcomes = new ArchiveOutcomes(context, address, events);
    this.enabled = config.isClassDataSharing();
  }

  /**
   * @param context the supervisor's context
   */
  public static ClassDataSharing create(Vertx vertx, Context context, ParallelConfig config, WorkerPool pool,
                                        ChannelServer channels, PoolEvents events) {
    return new ClassDataSharing(vertx, context, config, pool.command(), channels, events);
  }

  /**
   * The command line a pool with this configuration starts a worker with now: with the class-data archive when it
   * exists and applies. For measurements such as the benchmark; blocking (it reads the class path's file
   * attributes).
   *
   * @return the argv, the {@code java} executable first
   */
  public static List<String> workerCommandLine(ParallelConfig config, String workerId) {
    WorkerCommand command = new WorkerCommand(config);
    ClassDataSharing sharing = new ClassDataSharing(null, null, config, command, null, PoolEvents.NONE);
    if (sharing.enabled) {
      Found found = sharing.decide();
      if (found.exists()) {
        command.sharingOptions(found.archive().useOptions());
      }
    }
    List<String> argv = new ArrayList<>();
    argv.add(command.executable());
    argv.addAll(command.arguments(workerId));
    return argv;
  }

  /** {@code <java.io.tmpdir>/phalanx-parallel-cds-<user.name>}. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "phalanx-parallel-cds-" + System.getProperty("user.name"));
  }

  /**
   * Looks for the archive of the worker command (off the event loop: it reads the class path's file attributes).
   * When it exists, every worker started from now on uses it.
   *
   * @return completes when the workers may start; never fails (without an archive they start as they would anyway)
   */
  public Future<Void> prepare() {
    if (!enabled) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(this::decide, false).transform(ar -> {
      if (ar.failed()) {
        LOG.log(System.Logger.Level.INFO, "pool '" + address + "': workers start without a class-data archive: "
          + ar.cause());
        return Future.succeededFuture();
      }
      Found found = ar.result();
      if (found.skipReason() != null) {
        LOG.log(found.unsafeFolder() ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "pool '" + address
          + "': workers start without a class-data archive: " + found.skipReason());
      } else if (found.exists()) {
        use(found.archive());
        LOG.log(System.Logger.Level.DEBUG, "pool '" + address + "': workers start with " + found.archive().archive());
      } else if (found.failedBefore()) {
        LOG.log(System.Logger.Level.DEBUG, "pool '" + address + "': workers start without a class-data archive: "
          + "training it failed before (" + found.archive().failedMarker() + "; delete it to try again)");
      } else {
        untrained = found.archive();
      }
      return Future.succeededFuture();
    });
  }

  /** @param unsafeFolder whether the skip is for a folder that cannot be trusted: worth a warning */
  private record Found(ClassDataArchive archive, String skipReason, boolean exists, boolean failedBefore,
                       boolean unsafeFolder) {
  }

  private Found decide() {
    ClassDataArchive.Decision decision = ClassDataArchive.decide(JavaRuntime.probe(command.executable()),
      command.codePath(), command.jvmOptions(), command.launch(), directory);
    if (decision instanceof ClassDataArchive.Skip skip) {
      return new Found(null, skip.reason(), false, false, false);
    }
    // only where an archive would be used: the folder is made here when missing
    String unsafe = ClassDataDirectory.problem(directory, ClassDataDirectory.currentUser());
    if (unsafe != null) {
      return new Found(null, "the class-data folder " + directory + " " + unsafe, false, false, true);
    }
    ClassDataArchive archive = ((ClassDataArchive.Use) decision).archive();
    boolean exists = Files.isRegularFile(archive.archive());
    if (exists) {
      archive.touch(System.currentTimeMillis());
    }
    return new Found(archive, null, exists, Files.exists(archive.failedMarker()), false);
  }

  /**
   * Trains the archive found missing by {@link #prepare()}, on a thread of its own; call once the pool has started,
   * so that the training JVM does not compete with the workers' start.
   */
  public void trainInBackground() {
    ClassDataArchive archive = untrained;
    untrained = null;
    if (archive == null) {
      return;
    }
    Promise<Void> done = Promise.promise();
    trainerDone = done.future();
    Thread trainer = new Thread(() -> {
      try {
        train(archive);
      } finally {
        context.runOnContext(v -> done.complete());
      }
    }, "phalanx-cds-training");
    trainer.setDaemon(true);
    trainer.start();
  }

  private void train(ClassDataArchive archive) {
    try {
      if (!archive.tryLock(System.currentTimeMillis(), STALE_LOCK_MS)) {
        LOG.log(System.Logger.Level.DEBUG, "pool '" + address + "': another pool is training " + archive.archive());
        return;
      }
    } catch (IOException e) {
      outcomes.failed(archive, "cannot create " + archive.lock() + ": " + e, false);
      return;
    }
    Path output = archive.archive().resolveSibling(archive.archive().getFileName() + "."
      + ProcessHandle.current().pid() + ".tmp");
    try {
      long started = System.nanoTime();
      String problem = runTraining(archive, output);
      if (problem == null) {
        Files.move(output, archive.archive(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        TrainingFiles.deleteQuietly(archive.trainingLog());
        pruneOldArchives();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        context.runOnContext(v -> {
          use(archive);
          outcomes.created(archive, millis);
        });
      } else if (!isStopped()) {
        outcomes.failed(archive, problem, true);
      }
    } catch (IOException e) {
      outcomes.failed(archive, "cannot write " + archive.archive() + ": " + e, true);
    } finally {
      TrainingFiles.deleteQuietly(output);
      // a JDK 25 training leaves its configuration next to the output when it fails
      TrainingFiles.deleteQuietly(output.resolveSibling(output.getFileName() + ".config"));
      archive.unlock();
    }
  }

  /**
   * Runs the worker command with the archive-writing flag until it is ready (it joins a channel of the pool like any
   * worker, and says so there), then closes its stdin: the worker exits and the JVM writes the archive on its way out.
   *
   * @return why no archive was written; {@code null} when it was
   */
  private String runTraining(ClassDataArchive archive, Path output) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(command.executable());
    argv.addAll(command.arguments(TRAINING_WORKER_ID, List.of(archive.trainOption(output))));
    ProcessBuilder builder = new ProcessBuilder(argv)
      .redirectErrorStream(true)
      .redirectOutput(archive.trainingLog().toFile());
    ChannelServer.Expectation expectation = onContext(channels::expect);
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    context.runOnContext(v -> expectation.channel().onSuccess(channel -> channel.handlers(
      frame -> ready.complete(FramePrefix.of(frame) != null && ReadyFrame.TYPE.equals(FramePrefix.of(frame).type())),
      broken -> ready.complete(false), end -> ready.complete(false))));
    Process process;
    synchronized (processLock) {
      if (stopped) {
        context.runOnContext(v -> channels.forget(expectation.handshake()));
        return "the pool stopped";
      }
      process = builder.start();
      training = process;
    }
    try {
      process.getOutputStream().write(expectation.handshake().stdinBytes());
      process.getOutputStream().flush();
    } catch (IOException e) {
      // it died at once: its exit status tells
    }
    process.onExit().thenRun(() -> ready.complete(false));
    boolean wasReady;
    try {
      wasReady = ready.get(TRAINING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      wasReady = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      wasReady = false;
    }
    context.runOnContext(v -> channels.forget(expectation.handshake()));
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the process was ended; its exit status tells
    }
    try {
      if (!process.waitFor(TRAINING_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        return "the training JVM took longer than " + TRAINING_TIMEOUT_MS + " ms";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroyTree(process);
      return "interrupted";
    }
    int status = process.exitValue();
    if (!wasReady || status != 0 || !Files.isRegularFile(output)) {
      return "the training JVM " + (wasReady ? "was ready" : "never got ready") + " and exited with " + status
        + (Files.isRegularFile(output) ? "" : " without writing the archive") + "; its output: "
        + TrainingFiles.tail(archive.trainingLog());
    }
    return null;
  }

  /** Runs {@code action} on the supervisor's context and waits for its value (the caller is a training thread). */
  private <T> T onContext(java.util.function.Supplier<T> action) throws IOException {
    CompletableFuture<T> value = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        value.complete(action.get());
      } catch (RuntimeException e) {
        value.completeExceptionally(e);
      }
    });
    try {
      return value.get(TRAINING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the supervisor's context did not answer: " + e, e);
    }
  }

  /** Every worker started from now on gets {@code archive}, until one cannot start with it. */
  private void use(ClassDataArchive archive) {
    command.sharingOptions(archive.useOptions(), why -> refused(archive, why));
  }

  /**
   * A worker could not start with the archive and could without it: the archive is deleted (a JVM of another pool
   * that still names it starts without it) and its failure marker keeps it from being trained again.
   */
  private void refused(ClassDataArchive archive, String why) {
    vertx.executeBlocking(() -> {
      TrainingFiles.deleteQuietly(archive.archive());
      outcomes.failed(archive, "a worker could not start with it, and could without it: " + why, true);
      return null;
    }, false);
  }

  private void pruneOldArchives() {
    try {
      for (Path old : ClassDataArchive.prune(directory, ARCHIVES_KEPT)) {
        LOG.log(System.Logger.Level.DEBUG, "pool '" + address + "': deleted the class-data archive " + old
          + ", one of the least recently used");
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "pool '" + address + "': cannot prune " + directory + ": " + e);
    }
  }

  private boolean isStopped() {
    synchronized (processLock) {
      return stopped;
    }
  }

  /**
   * Ends a training JVM still running, and every process it started.
   *
   * @return completes once they have exited and the training thread is done
   */
  public Future<Void> stop() {
    Process running;
    synchronized (processLock) {
      stopped = true;
      running = training;
    }
    untrained = null;
    if (running == null) {
      return trainerDone;
    }
    List<ProcessHandle> tree = destroyTree(running);
    List<Future<ProcessHandle>> exits = new ArrayList<>();
    for (ProcessHandle handle : tree) {
      Promise<ProcessHandle> exited = Promise.promise();
      handle.onExit().whenComplete((h, e) -> context.runOnContext(v -> exited.complete(h)));
      exits.add(exited.future());
    }
    return Future.join(exits).transform(ar -> trainerDone);
  }

  private static List<ProcessHandle> destroyTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    for (ProcessHandle handle : tree) {
      handle.destroyForcibly();
    }
    return tree;
  }
}
