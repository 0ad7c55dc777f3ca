package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.HookOnExit;
import io.phalanx.parallel.testing.PoolTestBase;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ways of profiling a worker that docs/operations.md gives, each tried on real workers, and the clean end that a
 * recording written at exit needs: a drained worker runs the JVM's shutdown hooks, within a limit.
 */
class WorkerProfilingTest extends PoolTestBase {

  @TempDir
  Path recordings;

  @Test
  void aFlightRecordingOfEveryWorkerIsWrittenWhenThePoolIsUndeployed() throws Exception {
    String id = deploy(ParallelConfig.defaults().setAgents(2)
      .addJvmOption("-XX:StartFlightRecording=filename=" + recordings + ",dumponexit=true"));
    Parallel parallel = Parallel.create(vertx);
    for (int i = 0; i < 20; i++) {
      assertThat(await(parallel.inWorker(new Add(i, 1)))).isEqualTo(i + 1);
    }
    List<Long> pids = await(parallel.stats()).getWorkers().stream().map(WorkerStats::getPid).toList();

    vertx.undeploy(id).await(60, TimeUnit.SECONDS);

    List<Path> written;
    try (Stream<Path> files = Files.list(recordings)) {
      written = files.toList();
    }
    // a folder as the file name: the JVM names each recording after its process, one file per worker
    assertThat(written).hasSize(2);
    for (long pid : pids) {
      Path recording = written.stream().filter(p -> p.getFileName().toString().startsWith("hotspot-pid-" + pid + "-"))
        .findFirst().orElseThrow(() -> new AssertionError("no recording of worker " + pid + " in " + written));
      List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
      assertThat(events).as("events of worker %d", pid)
        .anyMatch(e -> e.getEventType().getName().equals("jdk.JVMInformation")
          && e.getString("javaArguments").contains("WorkerMain"));
    }
  }

  @Test
  void jcmdReachesARunningWorkerByItsPid() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    assumeTrue(Files.isExecutable(jcmd), "a JDK with jcmd, not a bare runtime");
    Parallel parallel = deployPool(ParallelConfig.singleWorker());
    long pid = await(parallel.stats()).getWorkers().get(0).getPid();

    // the workers run without -XX:+UsePerfData, so jcmd does not list them; by pid it attaches all the same
    Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.command_line")
      .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("WorkerMain").contains("-XX:-UsePerfData");
    assertThat(await(parallel.inWorker(new Add(2, 3)))).as("the worker still serves").isEqualTo(5);
  }

  @Test
  void aDrainedWorkerRunsTheShutdownHooksATaskRegistered() throws Exception {
    Path marker = recordings.resolve("hook-ran");
    String id = deploy(ParallelConfig.singleWorker());
    long pid = await(Parallel.create(vertx).inWorker(new HookOnExit(marker.toString(), false)));

    vertx.undeploy(id).await(60, TimeUnit.SECONDS);

    assertThat(ProcessHandle.of(pid)).as("worker %d has exited", pid).isEmpty();
    assertThat(marker).hasContent("ran");
  }

  @Test
  void aShutdownHookThatHangsDoesNotKeepTheWorker() throws Exception {
    Path marker = recordings.resolve("hook-ran");
    // grace periods longer than the test: only the worker's own limit can end it
    String id = deploy(ParallelConfig.singleWorker().setShutdownGracePeriod(120_000).setKillGracePeriod(120_000));
    long pid = await(Parallel.create(vertx).inWorker(new HookOnExit(marker.toString(), true)));
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();

    vertx.undeploy(id).await(60, TimeUnit.SECONDS);

    assertThat(worker.isAlive()).isFalse();
    assertThat(marker).hasContent("ran");
  }
}
