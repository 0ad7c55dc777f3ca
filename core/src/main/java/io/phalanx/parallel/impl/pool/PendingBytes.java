package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;

/**
 * The bytes of encoded tasks a pool holds, from a task's admission until it is gone (answered, failed or removed; a
 * running task's frame is kept for a retry after a crash). Past the limit a new task is refused at once (429) instead
 * of held: a sender of large tasks faster than the workers take them would otherwise fill the parent's heap, up to
 * {@code mailboxLimit} x workers x {@code maxFrameBytes} (25 GiB with the defaults). A task is always taken while the
 * pool holds none, whatever its size within {@code maxFrameBytes}.
 * <p>
 * Confined to the supervisor's context.
 */
final class PendingBytes {

  private final long limit;
  private long held;

  PendingBytes(long limit) {
    this.limit = limit;
  }

  /** @return the limit a configuration asks for: its own, or a quarter of this JVM's largest heap */
  static PendingBytes of(ParallelConfig config) {
    long configured = config.getMaxPendingTaskBytes();
    return new PendingBytes(configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 4);
  }

  /** @return whether a task of {@code bytes} may be taken now */
  boolean fits(int bytes) {
    return held == 0 || held + bytes <= limit;
  }

  /** Counts the task's frame until the task is gone. */
  void hold(PendingTask task) {
    int bytes = task.frame().length;
    held += bytes;
    task.gone().onComplete(gone -> held -= bytes);
  }

  long held() {
    return held;
  }

  long limit() {
    return limit;
  }

  /** Why a task of {@code bytes} is refused. */
  String refusal(String address, int bytes) {
    return "pool '" + address + "' holds " + mebibytes(held) + " of tasks not done yet: this task's " + mebibytes(bytes)
      + " would pass its limit of " + mebibytes(limit) + " (ParallelConfig.setMaxPendingTaskBytes)";
  }

  private static String mebibytes(long bytes) {
    return bytes < 1024 * 1024 ? bytes + " bytes"
      : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
