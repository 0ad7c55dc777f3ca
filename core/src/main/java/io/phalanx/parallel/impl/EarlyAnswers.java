package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.TaskResponseFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Answers a lone task's caller from the thread that read the worker's response, instead of after one more hop
 * through the supervisor's context: on a virtual machine each thread woken on the way costs 10 µs or more, and this
 * is one of the five a round trip wakes.
 * <p>
 * Only tasks whose outcome offers {@link TaskOutcome#earlySuccess()} and that were sent to an idle worker are
 * expected here: under load responses arrive many at a time and the supervisor's context answers them anyway, so
 * reading them twice would only cost CPU. Only successes are answered early; the supervisor's context still handles
 * every response as before (its {@code succeeded} finds the caller answered), and failures only there.
 */
final class EarlyAnswers {

  private final FrameCodec codec;
  private final int maxLineBytes;
  /** Written on the supervisor's context before the task's frame is written; read by the reader thread. */
  private final ConcurrentHashMap<Long, Consumer<JsonNode>> expected = new ConcurrentHashMap<>();

  EarlyAnswers(FrameCodec codec, int maxLineBytes) {
    this.codec = codec;
    this.maxLineBytes = maxLineBytes;
  }

  /** On the supervisor's context, before the task's frame is written. */
  void expect(long taskId, Consumer<JsonNode> caller) {
    expected.put(taskId, caller);
  }

  /** On the supervisor's context, when the task has left its worker (answered or not). */
  void forget(long taskId) {
    expected.remove(taskId);
  }

  /** A tap for one process's stdout ({@link WorkerProcess#tapStdout}): it keeps that stream's partial line. */
  Function<byte[], Runnable> newTap() {
    return new Tap();
  }

  private final class Tap implements Function<byte[], Runnable> {
    private final List<Runnable> answers = new ArrayList<>();
    private final LineSplitter lines = new LineSplitter(maxLineBytes, this::line, () -> {
      // too long for a frame: the supervisor's context reports it
    });
    /** Whether the splitter lost track of the stream (a chunk went by unread) and its partial line is stale. */
    private boolean skipped;

    @Override
    public Runnable apply(byte[] chunk) {
      if (expected.isEmpty()) {
        skipped = true;
        return null;
      }
      if (skipped) {
        // the line in progress began in a chunk that went by unread: never a response expected here, since it
        // was read before the task was expected
        lines.reset();
        skipped = false;
      }
      lines.feed(chunk);
      if (answers.isEmpty()) {
        return null;
      }
      List<Runnable> found = List.copyOf(answers);
      answers.clear();
      return () -> found.forEach(Runnable::run);
    }

    private void line(byte[] bytes, int offset, int length) {
      long id = FrameCodec.successId(bytes, offset, length);
      Consumer<JsonNode> caller = id < 0 ? null : expected.get(id);
      if (caller == null) {
        return;
      }
      Frame frame;
      try {
        frame = codec.decode(bytes, offset, length);
      } catch (ProtocolException e) {
        // the supervisor's context reports it
        return;
      }
      if (frame instanceof TaskResponseFrame response && response.ok() && response.id() == id
        && expected.remove(id, caller)) {
        JsonNode result = (JsonNode) response.result();
        answers.add(() -> caller.accept(result));
      }
    }
  }
}
