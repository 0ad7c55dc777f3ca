package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
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
 * What a worker slot ({@link WorkerHandle}) shows of itself. Its lifecycle, tasks and channel events have tests of
 * their own: {@link SlotLifecycleTest}, {@link SlotTasksTest}, {@link SlotEventsTest}.
 */
class WorkerHandleTest extends WorkerHandleFixture {

  @Test
  void statsDescribeTheWorker() {
    WorkerHandle worker = idleWorker();
    worker.enqueue(task(1, new RecordingOutcome()));
    worker.enqueue(task(2, new RecordingOutcome()));

    JsonObject stats = worker.stats();

    assertThat(stats.getString("id")).isEqualTo("worker-0");
    assertThat(stats.getString("state")).isEqualTo("PROCESSING");
    assertThat(stats.getLong("pid")).isEqualTo(launcher.last().pid());
    assertThat(stats.getInteger("queued")).isEqualTo(1);
    assertThat(stats.getBoolean("running")).isTrue();
    assertThat(stats.getLong("tasksDone")).isZero();
    assertThat(stats.getInteger("processes")).isEqualTo(1);

    launcher.last().exit(1);
    assertThat(worker.stats().getString("state")).isEqualTo("CRASHED");
  }
}
