package io.phalanx.parallel.worker;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.BrokenResult;
import io.phalanx.parallel.fixtures.Probe;
import io.phalanx.parallel.fixtures.TaskLog;
import io.phalanx.parallel.fixtures.UseVertx;
import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.StackRequestFrame;
import io.phalanx.parallel.protocol.TaskStackFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker runtime as a worker without service bundles runs it: no Vert.x until a task asks for one.
 */
class WorkerRuntimeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final FrameCodec codec = new FrameCodec(ProtocolMapper.create());
  private final List<Vertx> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger starts = new AtomicInteger();
  private FeedInputStream stdin;
  private LineCapture frames;
  private ExitRecorder exit;
  private LazyVertx vertx;
  private Thread reader;

  @BeforeEach
  void setUp() throws IOException {
    TaskLog.reset();
    stdin = new FeedInputStream();
    frames = new LineCapture();
    exit = new ExitRecorder(frames);
    vertx = new LazyVertx(() -> {
      starts.incrementAndGet();
      Vertx v = Vertx.vertx();
      started.add(v);
      return v;
    });
    WorkerArguments arguments = new WorkerArguments("worker-3", FrameCodec.DEFAULT_MAX_FRAME_BYTES, -1);
    WorkerRuntime runtime = new WorkerRuntime(arguments, stdin, frames, exit);
    runtime.start(vertx, new ServiceDirectory(vertx, "worker-3", ServiceDeclarations.load(List.of(),
      getClass().getClassLoader()), arguments.serviceTimeout()), null);
    reader = new Thread(runtime::readFrames, "test-stdin-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    TaskLog.openGate();
    if (!stdin.ended()) {
      stdin.feed(codec.encode(ShutdownFrame.INSTANCE));
      stdin.end();
    }
    reader.join(TIMEOUT.toMillis());
    for (Vertx v : started) {
      v.close().await(20, TimeUnit.SECONDS);
    }
  }

  private Frame nextFrame() throws InterruptedException, ProtocolException {
    return codec.decode(frames.nextLine(TIMEOUT).getBytes(StandardCharsets.UTF_8));
  }

  private TaskResponseFrame run(long id, Object task) throws Exception {
    stdin.feed(codec.encode(new TaskFrame(id, task.getClass().getName(), task)));
    Frame frame = nextFrame();
    assertThat(frame).isInstanceOf(TaskResponseFrame.class);
    return (TaskResponseFrame) frame;
  }

  @Test
  void aFrameReaderThatDiesEndsTheWorkerRatherThanLeaveItMute() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);

    // the JVM's own kind of error, thrown while the result is written, is not the task's to answer
    stdin.feed(codec.encode(new TaskFrame(1, BrokenResult.class.getName(), new BrokenResult())));

    assertThat(exit.status.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(WorkerMain.EXIT_FATAL_ERROR);
  }

  @Test
  void isReadyAndRunsTasksWithoutStartingVertx() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);

    TaskResponseFrame response = run(1, new Add(2, 3));

    assertThat(response.ok()).isTrue();
    assertThat(response.result().toString()).isEqualTo("5");
    assertThat(vertx.isStarted()).isFalse();
    assertThat(starts).hasValue(0);
  }

  @Test
  void startsVertxOnceOnTheFirstTaskThatAsksForIt() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);

    TaskResponseFrame first = run(1, new UseVertx(3));
    TaskResponseFrame second = run(2, new UseVertx(2));

    assertThat(first.ok()).isTrue();
    assertThat(first.result().toString()).isEqualTo("true");
    assertThat(second.result().toString()).isEqualTo("true");
    assertThat(starts).hasValue(1);
  }

  @Test
  void manyThreadsAskingAtOnceStartOneVertx() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Vertx> seen = new CopyOnWriteArrayList<>();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        seen.add(vertx.get());
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(TIMEOUT.toMillis());
    }

    assertThat(seen).hasSize(8);
    assertThat(seen.stream().distinct()).hasSize(1);
    assertThat(starts).hasValue(1);
  }

  @Test
  void theEndOfStdinExitsWith0() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);

    stdin.end();

    assertThat(exit.status.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(0);
  }

  @Test
  void aStackRequestGetsTheRunningTasksStack() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);
    stdin.feed(codec.encode(new TaskFrame(1, Probe.class.getName(), new Probe(1, true))));
    waitForEvent("start 1");

    stdin.feed(codec.encode(new StackRequestFrame(1)));
    Frame answer = nextFrame();

    assertThat(answer).isInstanceOf(TaskStackFrame.class);
    TaskStackFrame stack = (TaskStackFrame) answer;
    assertThat(stack.id()).isEqualTo(1);
    assertThat(stack.frames()).extracting(RemoteError.StackFrame::method).contains("awaitGate", "run");
    assertThat(stack.frames()).last().extracting(RemoteError.StackFrame::declaringClass)
      .isEqualTo(Probe.class.getName());
    TaskLog.openGate();
    assertThat(nextFrame()).isInstanceOf(TaskResponseFrame.class);
  }

  @Test
  void aStackRequestForATaskNotRunningIsAnsweredEmpty() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);
    run(1, new Add(1, 1));

    stdin.feed(codec.encode(new StackRequestFrame(1)));

    assertThat(nextFrame()).isEqualTo(new TaskStackFrame(1, List.of()));
  }

  /** The frames encoded back to back, as one read of the channel delivers them. */
  private byte[] oneRead(Frame... frames) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (Frame frame : frames) {
      bytes.write(codec.encode(frame));
    }
    return bytes.toByteArray();
  }

  @Test
  void aBurstOfTasksInOneReadIsAnsweredInOrder() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);
    Frame[] burst = new Frame[20];
    for (int i = 0; i < burst.length; i++) {
      burst[i] = new TaskFrame(i + 1, Add.class.getName(), new Add(i, 1000));
    }

    stdin.feed(oneRead(burst));

    for (int i = 0; i < burst.length; i++) {
      TaskResponseFrame response = (TaskResponseFrame) nextFrame();
      assertThat(response.id()).isEqualTo(i + 1);
      assertThat(response.result().toString()).isEqualTo(String.valueOf(i + 1000));
    }
  }

  @Test
  void aTaskCancelledInTheReadThatBroughtItNeverRuns() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);

    stdin.feed(oneRead(new TaskFrame(1, Probe.class.getName(), new Probe(1, false)), new CancelFrame(1),
      new TaskFrame(2, Probe.class.getName(), new Probe(2, false))));

    TaskResponseFrame first = (TaskResponseFrame) nextFrame();
    assertThat(first.id()).isEqualTo(1);
    assertThat(first.ok()).isFalse();
    assertThat(first.error().code()).isEqualTo(RemoteError.CODE_CANCELLED);
    assertThat(first.error().message()).contains("cancelled before it started");
    TaskResponseFrame second = (TaskResponseFrame) nextFrame();
    assertThat(second.id()).isEqualTo(2);
    assertThat(second.ok()).isTrue();
    assertThat(TaskLog.events()).containsExactly("start 2", "end 2");
  }

  @Test
  void aTaskBehindTheClaimedOneCancelledInTheSameReadIsDroppedAndAnsweredAtOnce() throws Exception {
    assertThat(nextFrame()).isInstanceOf(ReadyFrame.class);

    stdin.feed(oneRead(new TaskFrame(1, Probe.class.getName(), new Probe(1, false)),
      new TaskFrame(2, Probe.class.getName(), new Probe(2, false)), new CancelFrame(2)));

    // as for any waiting task: its answer goes out at once, ahead of the running task's
    TaskResponseFrame dropped = (TaskResponseFrame) nextFrame();
    assertThat(dropped.id()).isEqualTo(2);
    assertThat(dropped.error().code()).isEqualTo(RemoteError.CODE_CANCELLED);
    TaskResponseFrame first = (TaskResponseFrame) nextFrame();
    assertThat(first.id()).isEqualTo(1);
    assertThat(first.ok()).isTrue();
    assertThat(TaskLog.events()).containsExactly("start 1", "end 1");
  }

  private static void waitForEvent(String event) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    // the task logs its start from its own thread: polled
    while (!TaskLog.events().contains(event)) {
      assertThat(System.nanoTime()).as("'" + event + "' within " + TIMEOUT).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
