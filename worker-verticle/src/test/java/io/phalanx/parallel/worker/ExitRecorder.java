package io.phalanx.parallel.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link WorkerMain.Exit} that records the exit instead of halting the JVM. */
final class ExitRecorder implements WorkerMain.Exit {

  /** The status of the first exit. */
  final CompletableFuture<Integer> status = new CompletableFuture<>();
  /** The frame lines written when the first exit was asked for. */
  final CompletableFuture<List<String>> linesAtExit = new CompletableFuture<>();
  private final List<Integer> all = new ArrayList<>();
  private final LineCapture frames;

  ExitRecorder(LineCapture frames) {
    this.frames = frames;
  }

  @Override
  public synchronized void exit(int code) {
    all.add(code);
    if (!status.isDone()) {
      linesAtExit.complete(frames.lines());
      status.complete(code);
    }
  }

  synchronized List<Integer> all() {
    return List.copyOf(all);
  }
}
