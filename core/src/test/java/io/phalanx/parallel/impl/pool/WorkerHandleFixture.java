package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of one worker slot share: a slot driven on the test thread by a fake clock and a fake launcher (no
 * process, no sleep, no real time), the listener that records what the pool would hear, and tasks to send.
 */
abstract class WorkerHandleFixture {

  static final String POOL = "test.pool";
  static final String CLASSPATH = "/opt/app/worker.jar";
  static final long START_TIMEOUT = 5_000;
  static final long SHUTDOWN_GRACE = 1_000;
  static final long KILL_GRACE = 500;

  final FakeClock clock = new FakeClock();
  final FakeProcessLauncher launcher = new FakeProcessLauncher();
  final RecordingListener listener = new RecordingListener();

  /** What the pool would hear. */
  static final class RecordingListener implements WorkerHandle.Listener {

    record Crash(String reason, WorkerCrashedException failure, List<PendingTask> queued) {
    }

    final List<String> calls = new ArrayList<>();
    final List<Crash> crashes = new ArrayList<>();
    final List<String> replacements = new ArrayList<>();
    int ready;

    @Override
    public void ready(WorkerHandle worker, boolean replacement) {
      calls.add("ready");
      ready++;
    }

    @Override
    public void crashed(WorkerHandle worker, String reason, WorkerCrashedException failure, List<PendingTask> queued) {
      calls.add("crashed");
      crashes.add(new Crash(reason, failure, List.copyOf(queued)));
    }

    @Override
    public void replacing(WorkerHandle worker, String reason) {
      calls.add("replacing");
      replacements.add(reason);
    }

    Crash onlyCrash() {
      assertThat(crashes).hasSize(1);
      return crashes.get(0);
    }
  }

  /** One task at a time in the child, which keeps the supervision rules readable; prefetching has its own tests. */
  static ParallelConfig config() {
    return new ParallelConfig()
      .setPrefetch(0)
      // the fake process never beats, and a timeout kills at once: round two's rules have their own tests
      .setHeartbeatTimeout(0)
      .setStackDumpTimeout(0)
      .setAddress(POOL)
      .setJavaCommand("java")
      .setClasspath(CLASSPATH)
      .setStartTimeout(START_TIMEOUT)
      .setShutdownGracePeriod(SHUTDOWN_GRACE)
      .setKillGracePeriod(KILL_GRACE);
  }

  WorkerHandle worker(ParallelConfig config) {
    return new WorkerHandle(0, POOL, config, new WorkerCommand(config), launcher, clock,
      new FrameCodec(Codecs.MAPPER, config.getMaxFrameBytes()), listener);
  }

  WorkerHandle worker() {
    return worker(config());
  }

  /** A worker whose first process sent ready. */
  WorkerHandle idleWorker(ParallelConfig config) {
    WorkerHandle worker = worker(config);
    Future<Void> started = worker.start();
    launcher.last().sendReady();
    assertThat(started.succeeded()).isTrue();
    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
    return worker;
  }

  WorkerHandle idleWorker() {
    return idleWorker(config());
  }

  static PendingTask task(long id, RecordingOutcome outcome) {
    return task(id, 0, outcome);
  }

  static PendingTask task(long id, long timeout, RecordingOutcome outcome) {
    try {
      byte[] frame = FakeWorkerProcess.CODEC.encode(new TaskFrame(id, "com.example.T",
        JsonNodeFactory.instance.objectNode().put("n", id)));
      return new PendingTask(id, "com.example.T", frame, timeout, outcome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
