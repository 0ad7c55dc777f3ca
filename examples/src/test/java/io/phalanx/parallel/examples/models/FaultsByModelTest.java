package io.phalanx.parallel.examples.models;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.examples.WorkerProcesses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a buggy task does to the application, in each model: a worker of the pool against {@code executeBlocking}
 * (docs/performance.md, "Why not executeBlocking?"). Each fault is shown both ways: in the pool it ends in the worker,
 * with a typed failure, and the next task is served; through {@code executeBlocking} it happens to the application's
 * own JVM (run in a JVM of its own where it would take the test's down).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultsByModelTest {

  private static final String ADDRESS = "faults.by.model";

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() throws Exception {
    FaultTasks.released = true;
    vertx.close().await(60, TimeUnit.SECONDS);
    WorkerProcesses.assertNoWorkerAlive(Duration.ofSeconds(10));
    FaultTasks.released = false;
    FaultTasks.SPINS.set(0);
    synchronized (FaultTasks.LEAKED) {
      FaultTasks.LEAKED.clear();
    }
  }

  @Nested
  class OutOfMemory {

    @Test
    void inAWorkerOnlyTheWorkerDies() throws Exception {
      List<String> options = new ArrayList<>(ParallelConfig.DEFAULT_JVM_OPTIONS);
      options.replaceAll(option -> option.startsWith("-Xmx") ? "-Xmx64m" : option);
      Parallel parallel = deploy(new ParallelConfig().setJvmOptions(options));
      Future<Void> restarted = startedAgain();

      assertThatThrownBy(() -> parallel.inWorker(new FaultTasks.AllocateForever()).await(60, TimeUnit.SECONDS))
        .isInstanceOf(WorkerCrashedException.class).hasMessageContaining("OutOfMemoryError");
      restarted.await(60, TimeUnit.SECONDS);
      assertThat(parallel.inWorker(new FaultTasks.Square(7)).await(60, TimeUnit.SECONDS)).isEqualTo(49);
    }

    @Test
    void withExecuteBlockingTheAppHeapRunsOut() throws Exception {
      Finished app = runApp("oom");

      assertThat(app.output()).contains("task failed in the application's JVM: java.lang.OutOfMemoryError");
    }
  }

  @Nested
  class Leak {

    @Test
    void inAWorkerRecyclingBoundsIt() throws Exception {
      Parallel parallel = deploy(ParallelConfig.defaults().setMaxTasksPerWorker(4));
      List<Integer> kept = new ArrayList<>();

      for (int i = 0; i < 12; i++) {
        kept.add(parallel.inWorker(new FaultTasks.Leak(4)).await(60, TimeUnit.SECONDS));
      }

      // each fresh process starts with nothing kept: the leak never passes 4 tasks' worth
      assertThat(kept).containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4);
      assertThat(FaultTasks.LEAKED).isEmpty();
    }

    @Test
    void withExecuteBlockingTheAppHeapKeepsIt() throws Exception {
      WorkerExecutor executor = vertx.createSharedWorkerExecutor("faults-leak", 1);
      int kept = 0;

      for (int i = 0; i < 12; i++) {
        FaultTasks.Leak task = new FaultTasks.Leak(4);
        kept = executor.executeBlocking(() -> task.run(null), false).await(60, TimeUnit.SECONDS);
      }

      assertThat(kept).isEqualTo(12);
      assertThat(FaultTasks.LEAKED).hasSize(12);
      assertThat(FaultTasks.LEAKED.stream().mapToLong(block -> block.length).sum()).isEqualTo(48L << 20);
    }
  }

  @Nested
  class SpinPastItsTimeout {

    @Test
    void inAWorkerTheTimeoutKillsIt() throws Exception {
      Parallel parallel = deploy(ParallelConfig.defaults().setTaskTimeout(500));
      Future<Void> restarted = startedAgain();

      assertThatThrownBy(() -> parallel.inWorker(new FaultTasks.Spin()).await(60, TimeUnit.SECONDS))
        .isInstanceOf(TaskTimeoutException.class);
      restarted.await(60, TimeUnit.SECONDS);
      assertThat(parallel.inWorker(new FaultTasks.Square(7)).await(60, TimeUnit.SECONDS)).isEqualTo(49);
      assertThat(FaultTasks.SPINS.get()).as("nothing spun in this JVM").isZero();
    }

    @Test
    void withExecuteBlockingNothingStopsIt() throws Exception {
      // maxExecuteTime only makes the blocked-thread checker log a warning
      WorkerExecutor executor = vertx.createSharedWorkerExecutor("faults-spin", 1, 500, TimeUnit.MILLISECONDS);
      FaultTasks.Spin task = new FaultTasks.Spin();
      Future<Long> spinning = executor.executeBlocking(() -> task.run(null), false);
      Promise<Void> pastDeadline = Promise.promise();
      vertx.setTimer(1_500, id -> pastDeadline.complete());

      pastDeadline.future().await(10, TimeUnit.SECONDS);
      long spins = FaultTasks.SPINS.get();
      Promise<Void> later = Promise.promise();
      vertx.setTimer(200, id -> later.complete());
      later.future().await(10, TimeUnit.SECONDS);

      assertThat(spinning.isComplete()).as("three times its maximum execute time on, the task still runs").isFalse();
      assertThat(FaultTasks.SPINS.get()).as("and it still takes a core").isGreaterThan(spins);
      FaultTasks.released = true;
      assertThat(spinning.await(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  @Nested
  class SystemExit {

    @Test
    void inAWorkerOnlyTheWorkerExits() throws Exception {
      Parallel parallel = deploy(ParallelConfig.defaults());
      Future<Void> restarted = startedAgain();

      assertThatThrownBy(() -> parallel.inWorker(new FaultTasks.Exit(3)).await(60, TimeUnit.SECONDS))
        .isInstanceOf(WorkerCrashedException.class).hasMessageContaining("exit code 3");
      restarted.await(60, TimeUnit.SECONDS);
      assertThat(parallel.inWorker(new FaultTasks.Square(7)).await(60, TimeUnit.SECONDS)).isEqualTo(49);
    }

    @Test
    void withExecuteBlockingTheAppExits() throws Exception {
      Finished app = runApp("exit");

      assertThat(app.status()).isEqualTo(3);
      assertThat(app.output()).doesNotContain("task answered").doesNotContain("task failed");
    }
  }

  // ------------------------------------------------------------------------------------------------ arrangements

  private Parallel deploy(ParallelConfig config) throws Exception {
    vertx.deployVerticle(new SupervisorVerticle(config.setAgents(1).setAddress(ADDRESS)))
      .await(60, TimeUnit.SECONDS);
    return Parallel.create(vertx, ADDRESS);
  }

  /** Completes once the worker has crashed or been killed and a new process is ready. */
  private Future<Void> startedAgain() throws Exception {
    Promise<Void> started = Promise.promise();
    boolean[] ended = {false};
    vertx.eventBus().<JsonObject>consumer(ADDRESS + ".events", message -> {
      String type = message.body().getString("type");
      if ("crashed".equals(type) || "recycled".equals(type)) {
        ended[0] = true;
      } else if ("started".equals(type) && ended[0]) {
        started.tryComplete();
      }
    }).completion().await(10, TimeUnit.SECONDS);
    return started.future();
  }

  record Finished(int status, String output) {
  }

  /** Runs {@link ExecuteBlockingApp} in a JVM of its own, with a small heap. */
  private static Finished runApp(String fault) throws IOException, InterruptedException {
    Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
      "-cp", System.getProperty("java.class.path"), ExecuteBlockingApp.class.getName(), fault)
      .redirectErrorStream(true).start();
    try {
      String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the application ended: %s", output).isTrue();
      return new Finished(app.exitValue(), output);
    } finally {
      app.destroyForcibly();
    }
  }
}
