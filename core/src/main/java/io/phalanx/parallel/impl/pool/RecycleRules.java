package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.impl.Counted;

/**
 * When a worker's process is replaced by a fresh one on purpose: after {@code maxTasksPerWorker} tasks, when the
 * used heap it reports with a response is over {@code maxWorkerHeap}, when its resident memory read after a task is
 * over {@code maxWorkerRss}, or when the pool's memory budget asks for it. The first two are decided on the answer
 * that reaches the limit; a memory recycle may be due while tasks written ahead to the process are still to run: it
 * waits until they have (the slot sends that process nothing more meanwhile), so no task ever runs twice. One per
 * slot, confined to the supervisor's context.
 */
final class RecycleRules {

  private final int maxTasks;
  private final long maxHeap;
  private final long maxRss;
  private ResidentMemory memory = ResidentMemory.NONE;
  /** The resident set of the current process last read, -1 while unknown. */
  private long rss = -1;
  /** Why the current process is to be replaced once it holds no task; {@code null} when it is not. */
  private String due;

  RecycleRules(ParallelConfig config) {
    this.maxTasks = config.getMaxTasksPerWorker();
    this.maxHeap = config.getMaxWorkerHeap();
    this.maxRss = config.getMaxWorkerRss();
  }

  /** Where the resident memory is read after each task when a ceiling is set. */
  void memory(ResidentMemory memory) {
    this.memory = memory;
  }

  /** A new process: nothing is due and nothing is known of its memory. */
  void processStarted() {
    due = null;
    rss = -1;
  }

  long rss() {
    return rss;
  }

  /** A reading of the pool's memory budget. */
  void rss(long bytes) {
    rss = bytes;
  }

  /** Whether the current process is to be replaced: it gets no more tasks. */
  boolean isDue() {
    return due != null;
  }

  /** @return why the current process is to be replaced once it holds no task, or {@code null} */
  String due() {
    return due;
  }

  /** Replaces the current process once it holds no task (its tasks already written to it run first). */
  void recycleWhenIdle(String reason) {
    if (due == null) {
      due = reason;
    }
  }

  /**
   * A task was answered.
   *
   * @param processTasksDone the tasks the current process has answered
   * @param heapUsed         the used heap the response reports, -1 when it does not
   * @param pid              the current process
   * @param holdsNone        whether the process holds no other task
   * @return why the process is to be replaced now, or {@code null}
   */
  String afterTask(long processTasksDone, long heapUsed, long pid, boolean holdsNone) {
    if (maxTasks > 0 && processTasksDone >= maxTasks) {
      return "recycled after " + Counted.of(processTasksDone, "task") + " (ParallelConfig.setMaxTasksPerWorker)";
    }
    if (maxHeap > 0 && heapUsed > maxHeap) {
      return "recycled with " + heapUsed + " bytes of used heap, over the ceiling of " + maxHeap
        + " (ParallelConfig.setMaxWorkerHeap)";
    }
    if (maxRss > 0 && due == null) {
      long read = memory.bytes(pid);
      if (read >= 0) {
        rss = read;
      }
      if (read > maxRss) {
        due = "recycled at " + read + " bytes resident, over the ceiling of " + maxRss
          + " (ParallelConfig.setMaxWorkerRss)";
      }
    }
    return holdsNone ? due : null;
  }
}
