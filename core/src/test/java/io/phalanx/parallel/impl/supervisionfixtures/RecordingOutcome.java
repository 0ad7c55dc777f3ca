package io.phalanx.parallel.impl.supervisionfixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;

import java.util.ArrayList;
import java.util.List;

/** Records how a task ended, and how often (a task must end exactly once). */
public final class RecordingOutcome implements TaskOutcome {

  private final List<Object> completions = new ArrayList<>();
  private final Runnable onCompletion;

  public RecordingOutcome() {
    this(() -> {
    });
  }

  /** @param onCompletion runs inside the callback, after recording, e.g. to call back into the pool */
  public RecordingOutcome(Runnable onCompletion) {
    this.onCompletion = onCompletion;
  }

  @Override
  public void succeeded(TaskValue result) {
    completions.add(new Success(result.tree()));
    onCompletion.run();
  }

  @Override
  public void failed(ParallelException failure) {
    completions.add(failure);
    onCompletion.run();
  }

  /** A successful completion. */
  public record Success(JsonNode result) {
  }

  public boolean isDone() {
    return !completions.isEmpty();
  }

  public int completions() {
    return completions.size();
  }

  public boolean succeeded() {
    return completions.size() == 1 && completions.get(0) instanceof Success;
  }

  public JsonNode result() {
    if (!succeeded()) {
      throw new AssertionError("expected one success, got " + completions);
    }
    return ((Success) completions.get(0)).result();
  }

  public ParallelException failure() {
    if (completions.size() != 1 || !(completions.get(0) instanceof ParallelException failure)) {
      throw new AssertionError("expected one failure, got " + completions);
    }
    return failure;
  }

  @Override
  public String toString() {
    return "RecordingOutcome" + completions;
  }
}
