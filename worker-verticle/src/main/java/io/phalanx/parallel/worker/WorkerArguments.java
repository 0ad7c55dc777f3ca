package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.FrameCodec;

/**
 * The command line the parent gives a worker JVM: {@code --worker-id ID [--max-frame-bytes N] [--parent-pid PID]}.
 *
 * @param workerId      the worker id, for frames and logs
 * @param maxFrameBytes the frame size limit, the same as the parent's
 * @param parentPid     the parent's pid, watched so the worker exits if the parent vanishes; -1 for none
 */
public record WorkerArguments(String workerId, int maxFrameBytes, long parentPid) {

  public static WorkerArguments parse(String[] args) {
    String workerId = "worker";
    int maxFrameBytes = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
    long parentPid = -1;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--worker-id" -> workerId = value;
        case "--max-frame-bytes" -> maxFrameBytes = Integer.parseInt(value);
        case "--parent-pid" -> parentPid = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new WorkerArguments(workerId, maxFrameBytes, parentPid);
  }
}
