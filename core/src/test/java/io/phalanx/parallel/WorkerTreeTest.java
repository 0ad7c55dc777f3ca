package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.SleepingParent;
import io.phalanx.parallel.fixtures.SpawnSleep;
import io.phalanx.parallel.impl.channel.JdkProcessLauncher;
import io.phalanx.parallel.testing.PoolTestBase;
import io.phalanx.parallel.testsupport.ChildProcesses;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every process a task starts ends with its worker, in all five ways a worker ends: a crash, a timeout kill,
 * recycling, a drain and the death of the parent. The task starts {@code sleep} with a unique argument, which the test
 * then looks for among all the processes of the machine (an orphan is no descendant of the test JVM any more).
 */
class WorkerTreeTest extends PoolTestBase {

  private String seconds;

  @BeforeEach
  void uniqueSleep() {
    assumeTrue(JdkProcessLauncher.groupsWorkers(), "workers get a process group of their own only through setsid");
    seconds = "40." + System.nanoTime() % 10_000_000;
  }

  private String marker() {
    return "sleep " + seconds;
  }

  @Test
  void aCrashEndsTheWorkersProcesses() {
    deploy(ParallelConfig.singleWorker());
    Future<Long> stuck = Parallel.create(vertx).inWorker(new SpawnSleep(seconds, true));
    ProcessHandle sleep = ChildProcesses.awaitAnywhere(marker(), Duration.ofSeconds(30)).get(0);

    sleep.parent().orElseThrow().destroyForcibly();

    assertThat(failureOf(stuck)).isInstanceOf(WorkerCrashedException.class);
    ChildProcesses.assertGoneAnywhere(marker(), Duration.ofSeconds(2));
  }

  @Test
  void aTimeoutKillEndsTheWorkersProcesses() {
    deploy(ParallelConfig.singleWorker().setTaskTimeout(2_000));
    Future<Long> stuck = Parallel.create(vertx).inWorker(new SpawnSleep(seconds, true));
    ChildProcesses.awaitAnywhere(marker(), Duration.ofSeconds(30));

    assertThat(failureOf(stuck)).isInstanceOf(TaskTimeoutException.class);
    ChildProcesses.assertGoneAnywhere(marker(), Duration.ofSeconds(2));
  }

  @Test
  void recyclingEndsTheOldWorkersProcesses() {
    deploy(ParallelConfig.singleWorker().setMaxTasksPerWorker(1));
    long sleepPid = await(Parallel.create(vertx).inWorker(new SpawnSleep(seconds, false)));
    // the task started it; it may be gone already: the recycling begins as soon as the answer is in
    assertThat(sleepPid).as("the task's sleep").isPositive();

    // the old process exits on shutdown, once its replacement is on its way
    ChildProcesses.assertGoneAnywhere(marker(), Duration.ofSeconds(10));
  }

  @Test
  void drainEndsProcessesBeforeUndeployCompletes() {
    String id = deploy(ParallelConfig.singleWorker());
    await(Parallel.create(vertx).inWorker(new SpawnSleep(seconds, false)));
    assertThat(ChildProcesses.anywhere(marker())).hasSize(1);

    await(vertx.undeploy(id));

    ChildProcesses.assertGoneAnywhere(marker(), Duration.ZERO);
  }

  @Test
  void theParentsDeathEndsTheWorkerAndItsProcesses() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
      SleepingParent.class.getName(), seconds)
      .redirectError(ProcessBuilder.Redirect.DISCARD)
      .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
      StandardCharsets.UTF_8))) {
      String line;
      long workerPid = -1;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("worker ")) {
          workerPid = Long.parseLong(line.substring("worker ".length()).trim());
          break;
        }
      }
      assertThat(workerPid).as("the parent reported its worker").isPositive();
      assertThat(ChildProcesses.anywhere(marker())).hasSize(1);

      parent.destroyForcibly();
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

      ProcessHandle.of(workerPid).ifPresent(worker ->
        worker.onExit().completeOnTimeout(worker, 3, TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false))
        .as("the orphaned worker exited within 3 s").isFalse();
      ChildProcesses.assertGoneAnywhere(marker(), Duration.ofSeconds(2));
    } finally {
      parent.destroyForcibly();
    }
  }
}
