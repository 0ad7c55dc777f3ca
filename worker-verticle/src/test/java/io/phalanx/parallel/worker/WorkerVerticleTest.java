package io.phalanx.parallel.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Chatty;
import io.phalanx.parallel.fixtures.Crash;
import io.phalanx.parallel.fixtures.Fail;
import io.phalanx.parallel.fixtures.Mirror;
import io.phalanx.parallel.fixtures.Point;
import io.phalanx.parallel.fixtures.Probe;
import io.phalanx.parallel.fixtures.ProbeResult;
import io.phalanx.parallel.fixtures.Progressing;
import io.phalanx.parallel.fixtures.Recurse;
import io.phalanx.parallel.fixtures.TaskLog;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker runtime in-process: frames go in through a fed stdin, come out of a captured frames stream, and the
 * exit is recorded instead of halting the JVM.
 */
class WorkerVerticleTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String WORKER_ID = "worker-7";

  private final ObjectMapper mapper = ProtocolMapper.create();
  private final FrameCodec codec = new FrameCodec(mapper);

  private Vertx vertx;
  private FeedInputStream stdin;
  private LineCapture frames;
  private ExitRecorder exit;

  @BeforeEach
  void setUp() {
    TaskLog.reset();
    vertx = Vertx.vertx();
    stdin = new FeedInputStream();
    frames = new LineCapture();
    exit = new ExitRecorder(frames);
  }

  @AfterEach
  void tearDown() throws Exception {
    TaskLog.openGate();
    if (!stdin.ended()) {
      // lets the task runner and stdin reader threads of this test end
      send(ShutdownFrame.INSTANCE);
      stdin.end();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------ helpers

  private void deploy() throws Exception {
    vertx.deployVerticle(new WorkerVerticle(new WorkerArguments(WORKER_ID, FrameCodec.DEFAULT_MAX_FRAME_BYTES, -1),
        stdin, frames, exit))
      .toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ReadyFrame deployAndAwaitReady() throws Exception {
    deploy();
    return (ReadyFrame) nextFrame();
  }

  private void send(Frame frame) throws IOException {
    stdin.feed(codec.encode(frame));
  }

  private void sendTask(long id, Object task) throws IOException {
    send(new TaskFrame(id, task.getClass().getName(), task));
  }

  private Frame nextFrame() throws InterruptedException, ProtocolException {
    return codec.decode(frames.nextLine(TIMEOUT).getBytes(StandardCharsets.UTF_8));
  }

  private TaskResponseFrame nextResponse() throws InterruptedException, ProtocolException {
    Frame frame = nextFrame();
    assertThat(frame).isInstanceOf(TaskResponseFrame.class);
    return (TaskResponseFrame) frame;
  }

  private int awaitExit() throws Exception {
    return exit.status.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------ tests

  /** The ready frame, first of all. */
  @Nested
  class Ready {

    @Test
    void firstWritesReadyWithPidVersionAndId() throws Exception {
      ReadyFrame ready = deployAndAwaitReady();

      assertThat(ready)
        .isEqualTo(new ReadyFrame(ProcessHandle.current().pid(), FrameCodec.PROTOCOL_VERSION, WORKER_ID));
    }

    @Test
    void readyComesFirstEvenWithTasksWaiting() throws Exception {
      sendTask(1, new Add(1, 2));
      sendTask(2, new Add(3, 4));

      deploy();

      assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);
      assertThat(nextResponse().id()).isEqualTo(1);
      assertThat(nextResponse().id()).isEqualTo(2);
    }
  }

  /** Running tasks and answering them. */
  @Nested
  class Tasks {

    @Test
    void aTaskReturningAValueGivesASuccessWithItsJsonResult() throws Exception {
      deployAndAwaitReady();

      sendTask(11, new Add(20, 22));
      TaskResponseFrame response = nextResponse();

      assertThat(response.id()).isEqualTo(11);
      assertThat(response.ok()).isTrue();
      assertThat(response.error()).isNull();
      assertThat(((JsonNode) response.result()).intValue()).isEqualTo(42);
      assertThat(response.heapUsed()).isPositive();
    }

    @Test
    void aTaskReturningARecordGivesItsJsonForm() throws Exception {
      deployAndAwaitReady();

      sendTask(12, new Mirror(new Point(1, 2)));
      TaskResponseFrame response = nextResponse();

      assertThat(response.ok()).isTrue();
      assertThat(mapper.convertValue(response.result(), Point.class)).isEqualTo(new Point(2, 1));
    }

    @Test
    void aTaskThrowingGivesAFailureWithClassMessageAndStack() throws Exception {
      deployAndAwaitReady();

      sendTask(13, new Fail("kaboom"));
      TaskResponseFrame response = nextResponse();

      assertThat(response.id()).isEqualTo(13);
      assertThat(response.ok()).isFalse();
      RemoteError error = response.error();
      assertThat(error.className()).isEqualTo("java.lang.IllegalStateException");
      assertThat(error.message()).isEqualTo("kaboom");
      assertThat(error.code()).isZero();
      assertThat(error.cause()).isNull();
      assertThat(error.stack()).isNotEmpty();
      assertThat(error.stack().get(0).declaringClass()).isEqualTo(Fail.class.getName());
      assertThat(error.stack().get(0).method()).isEqualTo("run");
      assertThat(error.stack()).extracting(RemoteError.StackFrame::declaringClass)
        .contains(TaskRunner.class.getName());
    }

    @Test
    void stackOverflowIsAnOrdinaryFailure() throws Exception {
      deployAndAwaitReady();

      sendTask(14, new Recurse(0));
      TaskResponseFrame overflow = nextResponse();
      sendTask(15, new Add(1, 1));
      TaskResponseFrame next = nextResponse();

      assertThat(overflow.id()).isEqualTo(14);
      assertThat(overflow.ok()).isFalse();
      assertThat(overflow.error().className()).isEqualTo("java.lang.StackOverflowError");
      assertThat(overflow.error().code()).isZero();
      assertThat(overflow.error().stack()).isNotEmpty().hasSizeLessThanOrEqualTo(256);
      assertThat(overflow.error().stack()).extracting(RemoteError.StackFrame::method).contains("deeper");
      assertThat(next.id()).isEqualTo(15);
      assertThat(next.ok()).isTrue();
      assertThat(exit.status).isNotDone();
    }

    @Test
    void unknownTaskClassFailsWith400() throws Exception {
      deployAndAwaitReady();

      send(new TaskFrame(17, "com.acme.Missing", new Point(0, 0)));
      TaskResponseFrame response = nextResponse();

      assertThat(response.ok()).isFalse();
      assertThat(response.error().code()).isEqualTo(RemoteError.CODE_INVALID_TASK);
      assertThat(response.error().message()).contains("com.acme.Missing");
      assertThat(exit.status).isNotDone();
    }

    @Test
    void progressUpdatesArriveInOrderBeforeTheResult() throws Exception {
      deployAndAwaitReady();

      sendTask(18, new Progressing(3));
      List<Frame> received = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        received.add(nextFrame());
      }

      for (int i = 0; i < 3; i++) {
        ProgressFrame progress = (ProgressFrame) received.get(i);
        assertThat(progress.id()).isEqualTo(18);
        assertThat(mapper.convertValue(progress.payload(), Point.class)).isEqualTo(new Point(i + 1, 3));
      }
      TaskResponseFrame response = (TaskResponseFrame) received.get(3);
      assertThat(response.id()).isEqualTo(18);
      assertThat(((JsonNode) response.result()).textValue()).isEqualTo(WORKER_ID);
    }

    @Test
    void whatATaskPrintsNeverReachesTheFramesStream() throws Exception {
      deployAndAwaitReady();

      sendTask(19, new Chatty("printed by a task: not a frame"));
      TaskResponseFrame response = nextResponse();

      assertThat(((JsonNode) response.result()).textValue()).isEqualTo("done");
      assertThat(frames.lines()).hasSize(2).allSatisfy(line -> {
        assertThat(FrameCodec.isFrameLine(line.getBytes(StandardCharsets.UTF_8))).as(line).isTrue();
        assertThat(line).doesNotContain("not a frame");
      });
      assertThat(frames.partialBytes()).isZero();
    }

    @Test
    void tasksRunOneAtATimeInOrderOnTheTaskRunnerThread() throws Exception {
      deployAndAwaitReady();

      sendTask(1, new Probe(1, true));
      sendTask(2, new Probe(2, false));
      sendTask(3, new Probe(3, false));
      // every task is queued while the first one is still blocked
      stdin.awaitConsumed(TIMEOUT);
      assertThat(TaskLog.events()).doesNotContain("start 2", "start 3");
      TaskLog.openGate();
      List<TaskResponseFrame> responses = List.of(nextResponse(), nextResponse(), nextResponse());

      assertThat(responses).extracting(TaskResponseFrame::id).containsExactly(1L, 2L, 3L);
      assertThat(responses).allSatisfy(r -> assertThat(r.ok()).isTrue());
      List<ProbeResult> results = responses.stream()
        .map(r -> mapper.convertValue(r.result(), ProbeResult.class))
        .toList();
      assertThat(results).extracting(ProbeResult::seq).containsExactly(1, 2, 3);
      assertThat(results).allSatisfy(r -> {
        assertThat(r.threadName()).isEqualTo("phalanx-task-runner");
        assertThat(r.onEventLoop()).isFalse();
        assertThat(r.onVertxWorker()).isFalse();
      });
      assertThat(results).extracting(ProbeResult::threadId).containsOnly(results.get(0).threadId());
      assertThat(TaskLog.events()).containsExactly("start 1", "end 1", "start 2", "end 2", "start 3", "end 3");
      assertThat(TaskLog.MAX_ACTIVE.get()).isEqualTo(1);
    }
  }

  /** When and how the worker exits, and the input it skips. */
  @Nested
  class Exit {

    @Test
    void otherVmErrorExitsWithFatalStatus() throws Exception {
      deployAndAwaitReady();

      sendTask(16, new Crash("simulated"));

      assertThat(awaitExit()).isEqualTo(WorkerMain.EXIT_FATAL_ERROR);
    }

    @Test
    void shutdownExitsAfterCurrentResponse() throws Exception {
      deployAndAwaitReady();

      sendTask(21, new Probe(1, true));
      send(ShutdownFrame.INSTANCE);
      sendTask(22, new Probe(2, false));
      // the reader has handed over the task, the shutdown and the task after it, while the first task still runs
      stdin.awaitConsumed(TIMEOUT);
      assertThat(exit.status).isNotDone();
      TaskLog.openGate();

      assertThat(awaitExit()).isZero();
      List<String> atExit = exit.linesAtExit.get();
      assertThat(atExit).hasSize(2);
      TaskResponseFrame response = (TaskResponseFrame) codec.decode(atExit.get(1).getBytes(StandardCharsets.UTF_8));
      assertThat(response.id()).isEqualTo(21);
      assertThat(response.ok()).isTrue();
      // a task sent after the shutdown never runs
      assertThat(TaskLog.events()).containsExactly("start 1", "end 1");
    }

    @Test
    void theEndOfStdinExitsWith0() throws Exception {
      deployAndAwaitReady();
      sendTask(31, new Add(1, 2));
      assertThat(nextResponse().ok()).isTrue();

      stdin.end();

      assertThat(awaitExit()).isZero();
      assertThat(exit.all()).containsOnly(0);
    }

    @Test
    void badLinesAreSkippedAndWorkerCarriesOn() throws Exception {
      deployAndAwaitReady();

      stdin.feed("not json at all\n\n{\"type\":\"teleport\"}\n{\"type\":\"task\",\"id\":1}\n"
        .getBytes(StandardCharsets.UTF_8));
      send(new ReadyFrame(1, 1, "from-the-parent"));
      sendTask(41, new Add(2, 2));
      TaskResponseFrame response = nextResponse();

      assertThat(response.id()).isEqualTo(41);
      assertThat(((JsonNode) response.result()).intValue()).isEqualTo(4);
      assertThat(frames.lines()).hasSize(2);
      assertThat(exit.status).isNotDone();
    }
  }
}
