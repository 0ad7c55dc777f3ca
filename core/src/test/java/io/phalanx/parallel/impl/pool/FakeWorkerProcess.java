package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.impl.channel.FrameChannel;
import io.phalanx.parallel.impl.channel.WorkerProcess;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.HeartbeatFrame;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.StackRequestFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.phalanx.parallel.protocol.TaskStackFrame;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A worker process that is only a puppet: it records what the parent writes on its channel, closes and kills, and
 * the test makes it speak (frames on the channel, lines on stdout or stderr) and exit, through the handlers the parent
 * installed. Its channel joins at once unless the test holds it back.
 */
final class FakeWorkerProcess implements WorkerProcess {

  static final FrameCodec CODEC = new FrameCodec(Codecs.MAPPER);

  private final long pid;
  private final List<String> args;
  private final FakeFrameChannel channel = new FakeFrameChannel();
  private final Promise<FrameChannel> joined = Promise.promise();
  private final Promise<Void> ended = Promise.promise();
  private final List<Boolean> kills = new ArrayList<>();
  private int lifelineClosed;
  private int threadDumps;
  private boolean stopped;
  private int handlersCalls;
  private LogHandler log;
  private Handler<Void> logsEnded;
  private Handler<Integer> exit;

  FakeWorkerProcess(long pid, List<String> args, boolean holdChannel) {
    this.pid = pid;
    this.args = args;
    if (!holdChannel) {
      joined.complete(channel);
    }
  }

  // ------------------------------------------------------------------------------------------- WorkerProcess

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public Future<FrameChannel> channel() {
    return joined.future();
  }

  @Override
  public void handlers(LogHandler log, Handler<Void> logsEnded, Handler<Integer> exit) {
    handlersCalls++;
    this.log = log;
    this.logsEnded = logsEnded;
    this.exit = exit;
  }

  @Override
  public Future<Void> ended() {
    return ended.future();
  }

  @Override
  public void closeLifeline() {
    lifelineClosed++;
  }

  @Override
  public void kill(boolean force) {
    kills.add(force);
  }

  @Override
  public void dumpThreads() {
    threadDumps++;
  }

  @Override
  public Future<Boolean> stopped() {
    return Future.succeededFuture(stopped);
  }

  // ------------------------------------------------------------------------------------------- inspection

  List<String> args() {
    return args;
  }

  String workerId() {
    int i = args.indexOf("--worker-id");
    return i >= 0 ? args.get(i + 1) : null;
  }

  FakeFrameChannel frameChannel() {
    return channel;
  }

  /** Every frame written on the channel, decoded. */
  List<Frame> written() {
    List<Frame> frames = new ArrayList<>();
    for (String line : channel.writtenText().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        frames.add(CODEC.decode(line.getBytes(StandardCharsets.UTF_8)));
      } catch (ProtocolException e) {
        throw new AssertionError("the parent wrote a line that is no frame: " + line, e);
      }
    }
    return frames;
  }

  /** The task ids of the stack requests written, in order. */
  List<Long> stackRequests() {
    return written().stream().filter(f -> f instanceof StackRequestFrame).map(f -> ((StackRequestFrame) f).id())
      .toList();
  }

  /** How often the parent asked for a thread dump (SIGQUIT). */
  int threadDumps() {
    return threadDumps;
  }

  /** The ids of the task frames written, in order. */
  List<Long> sentTaskIds() {
    return written().stream().filter(f -> f instanceof TaskFrame).map(f -> ((TaskFrame) f).id()).toList();
  }

  boolean gotShutdown() {
    return written().stream().anyMatch(f -> f instanceof ShutdownFrame);
  }

  int lifelineClosedCalls() {
    return lifelineClosed;
  }

  /** Each kill in order: {@code true} for SIGKILL, {@code false} for SIGTERM. */
  List<Boolean> kills() {
    return List.copyOf(kills);
  }

  boolean wasKilled() {
    return !kills.isEmpty();
  }

  boolean wasForceKilled() {
    return kills.contains(Boolean.TRUE);
  }

  boolean hasHandlers() {
    return handlersCalls > 0;
  }

  int handlersCalls() {
    return handlersCalls;
  }

  // ------------------------------------------------------------------------------------------- what it says

  /** The child joins its channel now (for a process whose channel was held back). */
  FakeWorkerProcess join() {
    joined.tryComplete(channel);
    return this;
  }

  /** Writes a {@code ready} frame with this process's pid, the current protocol and its worker id. */
  FakeWorkerProcess sendReady() {
    return sendFrame(new ReadyFrame(pid, FrameCodec.PROTOCOL_VERSION, workerId()));
  }

  FakeWorkerProcess sendReady(int protocolVersion) {
    return sendFrame(new ReadyFrame(pid, protocolVersion, workerId()));
  }

  /** The process is SIGSTOPped (or continued): it says so when asked. */
  FakeWorkerProcess stopped(boolean stopped) {
    this.stopped = stopped;
    return this;
  }

  FakeWorkerProcess sendHeartbeat() {
    return sendFrame(HeartbeatFrame.INSTANCE);
  }

  /** Answers a stack request: the thread of task {@code taskId} is in these frames, innermost first. */
  FakeWorkerProcess sendStack(long taskId, StackTraceElement... frames) {
    return sendFrame(new TaskStackFrame(taskId, Arrays.stream(frames).map(RemoteError.StackFrame::of).toList()));
  }

  /** Answers a task with the number 5. */
  FakeWorkerProcess succeed(long taskId) {
    return succeed(taskId, JsonNodeFactory.instance.numberNode(5), -1);
  }

  FakeWorkerProcess succeed(long taskId, JsonNode result, long heapUsed) {
    return sendFrame(TaskResponseFrame.success(taskId, result, heapUsed));
  }

  /** Answers a task with an exception the task threw. */
  FakeWorkerProcess fail(long taskId, String message) {
    RemoteError error = new RemoteError("java.lang.IllegalStateException", message,
      List.of(new RemoteError.StackFrame("com.example.T", "run", "T.java", 7)), null, 0);
    return sendFrame(TaskResponseFrame.failure(taskId, error, -1));
  }

  FakeWorkerProcess sendFrame(Frame frame) {
    try {
      byte[] bytes = CODEC.encode(frame);
      return channelLine(Arrays.copyOf(bytes, bytes.length - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one raw line on the channel. */
  FakeWorkerProcess channelLine(String line) {
    return channelLine(line.getBytes(StandardCharsets.UTF_8));
  }

  FakeWorkerProcess channelLine(byte[] line) {
    channel.deliver(line);
    return this;
  }

  /** Writes one line to stdout: a log line, whatever it says. */
  FakeWorkerProcess stdoutLine(String line) {
    requireHandlers();
    log.line("stdout", line);
    return this;
  }

  FakeWorkerProcess stderrLine(String line) {
    requireHandlers();
    log.line("stderr", line);
    return this;
  }

  /** The child closes its channel (it usually exits right after). */
  FakeWorkerProcess endChannel() {
    channel.end();
    return this;
  }

  /** The channel breaks (a line over the limit, a transport failure). */
  FakeWorkerProcess breakChannel(String why) {
    channel.breakWith(why);
    return this;
  }

  /** Ends its channel and its output, then exits: the usual order, so the parent acts on the exit at once. */
  FakeWorkerProcess exit(int status) {
    requireHandlers();
    if (channel.hasHandlers()) {
      channel.end();
    }
    logsEnded.handle(null);
    exit.handle(status);
    ended.tryComplete();
    return this;
  }

  /** Exits while its output is still open (a grandchild holds it): the parent waits a little for the last lines. */
  FakeWorkerProcess exitBeforeStderrEnds(int status) {
    requireHandlers();
    if (channel.hasHandlers()) {
      channel.end();
    }
    exit.handle(status);
    ended.tryComplete();
    return this;
  }

  FakeWorkerProcess endStderr() {
    requireHandlers();
    logsEnded.handle(null);
    return this;
  }

  private void requireHandlers() {
    if (log == null) {
      throw new IllegalStateException("the parent installed no handlers on process " + pid);
    }
  }

  @Override
  public String toString() {
    return "FakeWorkerProcess[pid " + pid + ", " + workerId() + "]";
  }
}
