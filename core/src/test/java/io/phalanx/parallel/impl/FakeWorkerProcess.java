package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process that is only a puppet: it records what the parent writes, closes and kills, and the test makes it
 * speak (frames, stray lines, stderr) and exit, through the handlers the parent installed.
 */
final class FakeWorkerProcess implements WorkerProcess {

  static final FrameCodec CODEC = new FrameCodec(Codecs.MAPPER);

  private final long pid;
  private final List<String> args;
  private final Buffer stdin = Buffer.buffer();
  private final List<Boolean> kills = new ArrayList<>();
  private int closeStdinCalls;
  private int handlersCalls;
  private Handler<byte[]> stdout;
  private Handler<Void> stdoutEnd;
  private Handler<byte[]> stderr;
  private Handler<Void> stderrEnd;
  private Handler<Integer> exit;

  FakeWorkerProcess(long pid, List<String> args) {
    this.pid = pid;
    this.args = args;
  }

  // ------------------------------------------------------------------------------------------- WorkerProcess

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public void write(byte[] bytes) {
    stdin.appendBytes(bytes);
  }

  @Override
  public void closeStdin() {
    closeStdinCalls++;
  }

  @Override
  public void handlers(Handler<byte[]> stdout, Handler<Void> stdoutEnd, Handler<byte[]> stderr,
                       Handler<Void> stderrEnd, Handler<Integer> exit) {
    handlersCalls++;
    this.stdout = stdout;
    this.stdoutEnd = stdoutEnd;
    this.stderr = stderr;
    this.stderrEnd = stderrEnd;
    this.exit = exit;
  }

  @Override
  public void kill(boolean force) {
    kills.add(force);
  }

  // ------------------------------------------------------------------------------------------- inspection

  List<String> args() {
    return args;
  }

  String workerId() {
    int i = args.indexOf("--worker-id");
    return i >= 0 ? args.get(i + 1) : null;
  }

  /** Every frame written to stdin, decoded. */
  List<Frame> written() {
    List<Frame> frames = new ArrayList<>();
    String all = stdin.toString(StandardCharsets.UTF_8);
    for (String line : all.split("\n")) {
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

  /** The ids of the task frames written, in order. */
  List<Long> sentTaskIds() {
    return written().stream().filter(f -> f instanceof TaskFrame).map(f -> ((TaskFrame) f).id()).toList();
  }

  boolean gotShutdown() {
    return written().stream().anyMatch(f -> f instanceof ShutdownFrame);
  }

  int closeStdinCalls() {
    return closeStdinCalls;
  }

  boolean stdinClosed() {
    return closeStdinCalls > 0;
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

  /** Writes a {@code ready} frame with this process's pid, the current protocol and its worker id. */
  FakeWorkerProcess sendReady() {
    return sendFrame(new ReadyFrame(pid, FrameCodec.PROTOCOL_VERSION, workerId()));
  }

  FakeWorkerProcess sendReady(int protocolVersion) {
    return sendFrame(new ReadyFrame(pid, protocolVersion, workerId()));
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
      return stdout(CODEC.encode(frame));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one line to stdout ({@code \n} appended). */
  FakeWorkerProcess stdoutLine(String line) {
    return stdout((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  FakeWorkerProcess stdout(byte[] bytes) {
    requireHandlers();
    stdout.handle(bytes.clone());
    return this;
  }

  FakeWorkerProcess stderrLine(String line) {
    return stderr(line + "\n");
  }

  /** Writes raw text to stderr, no newline added. */
  FakeWorkerProcess stderr(String text) {
    requireHandlers();
    stderr.handle(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  FakeWorkerProcess endStdout() {
    requireHandlers();
    stdoutEnd.handle(null);
    return this;
  }

  /** Ends stderr, then exits: the usual order, so the parent acts on the exit at once. */
  FakeWorkerProcess exit(int status) {
    requireHandlers();
    stderrEnd.handle(null);
    exit.handle(status);
    return this;
  }

  /** Exits while stderr is still open: the parent waits a little for the last stderr lines. */
  FakeWorkerProcess exitBeforeStderrEnds(int status) {
    requireHandlers();
    exit.handle(status);
    return this;
  }

  FakeWorkerProcess endStderr() {
    requireHandlers();
    stderrEnd.handle(null);
    return this;
  }

  private void requireHandlers() {
    if (stdout == null) {
      throw new IllegalStateException("the parent installed no handlers on process " + pid);
    }
  }

  @Override
  public String toString() {
    return "FakeWorkerProcess[pid " + pid + ", " + workerId() + "]";
  }
}
