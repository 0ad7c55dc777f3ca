package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs the paths every task takes once, before the worker says {@code ready}: reading a task frame, building a record
 * with Jackson, writing a result and an error. A fresh JVM pays its class loading and Jackson's set-up on first use;
 * paid here, it does not count against the first task's timeout.
 */
final class Warmup {

  /** Stands in for a task: a record with the kinds of fields tasks have. */
  record Sample(String name, int count, double ratio, List<Long> values, Map<String, Boolean> flags, Kind kind) {
  }

  enum Kind { ONE, TWO }

  private Warmup() {
  }

  static void run(FrameCodec codec) {
    try {
      Sample sample = new Sample("warm-up", 3, 0.5, List.of(1L, 2L), Map.of("ok", true), Kind.TWO);
      byte[] task = codec.encode(new TaskFrame(1, Sample.class.getName(), sample));
      TaskFrame read = (TaskFrame) codec.decodeWithRawArgs(task, 0, task.length - 1);
      io.phalanx.parallel.protocol.RawJson args = (io.phalanx.parallel.protocol.RawJson) read.args();
      Sample rebuilt = codec.mapper().readerFor(Sample.class).readValue(args.bytes(), args.offset(), args.length());
      byte[] result = codec.encode(TaskResponseFrame.success(1, rebuilt, 0));
      codec.decode(result, 0, result.length - 1);
      byte[] error = codec.encode(TaskResponseFrame.failure(2, RemoteError.of(new IllegalStateException("warm-up")),
        0));
      codec.decode(error, 0, error.length - 1);
    } catch (IOException | io.phalanx.parallel.protocol.ProtocolException | RuntimeException e) {
      // only a head start: a task that needs these paths reports any real problem itself
      System.err.println("[phalanx worker] warm-up skipped: " + e);
    }
  }
}
