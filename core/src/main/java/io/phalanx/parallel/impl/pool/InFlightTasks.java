package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks written to a worker's current process, in the order it runs them: the first is running, the others wait
 * in the child (prefetched) so that it never idles between two tasks. Also how many to prefetch: as many as the
 * child runs in about {@link #PREFETCH_BUDGET_NANOS}, learnt from its answers.
 */
final class InFlightTasks {

  /** The work, in expected run time, that prefetching puts in a child ahead of time. */
  static final long PREFETCH_BUDGET_NANOS = 1_000_000;
  /**
   * Prefetching stops while the frames a child holds pass this size: large tasks go one at a time, to whichever
   * worker frees up first, and what a child holds in its channel stays small.
   */
  static final long PREFETCH_MAX_BYTES = 32 * 1024;

  private final ArrayDeque<PendingTask> sent = new ArrayDeque<>();
  /** At most this many tasks may wait in the child behind the running one. */
  private final int prefetch;
  /** How long a task takes, on average, from when it could start to its answer; -1 before any. */
  private long averageTaskNanos = -1;
  private long lastAnswerNanos;
  /** The bytes of the frames sent: what the child may not have read yet. */
  private long sentBytes;

  InFlightTasks(int prefetch) {
    this.prefetch = prefetch;
  }

  int size() {
    return sent.size();
  }

  boolean isEmpty() {
    return sent.isEmpty();
  }

  /** Tasks waiting in the child behind the running one. */
  int prefetched() {
    return Math.max(0, sent.size() - 1);
  }

  /** The task running in the child, as far as the parent can tell; {@code null} when none. */
  PendingTask head() {
    return sent.peekFirst();
  }

  boolean contains(PendingTask task) {
    return sent.contains(task);
  }

  /** The sent task with this id, or {@code null}. */
  PendingTask find(long id) {
    for (PendingTask task : sent) {
      if (task.id() == id) {
        return task;
      }
    }
    return null;
  }

  void add(PendingTask task) {
    sent.addLast(task);
    sentBytes += task.frame().length;
  }

  boolean remove(PendingTask task) {
    if (sent.remove(task)) {
      sentBytes -= task.frame().length;
      return true;
    }
    return false;
  }

  /** @return the tasks written to the process, oldest (the running one) first; they stay */
  List<PendingTask> all() {
    return List.copyOf(sent);
  }

  /** Every task sent, in order; none remain. */
  List<PendingTask> takeAll() {
    List<PendingTask> all = new ArrayList<>(sent);
    sent.clear();
    sentBytes = 0;
    return all;
  }

  /** The tasks waiting behind the running one, in order (they stay sent). */
  List<PendingTask> behindHead() {
    List<PendingTask> behind = new ArrayList<>(sent);
    if (!behind.isEmpty()) {
      behind.remove(0);
    }
    return behind;
  }

  /** Fails every task sent and takes them all back. */
  void failAll(ParallelException failure) {
    for (PendingTask task : takeAll()) {
      task.leave();
      task.fail(failure);
    }
  }

  /** Whether one more task may be sent now, before the child reads its bytes. */
  boolean hasRoom() {
    if (sent.size() > depth()) {
      return false;
    }
    // a large backlog is worth more spread over the workers than queued in one child
    return sent.isEmpty() || sentBytes <= PREFETCH_MAX_BYTES;
  }

  /**
   * How many tasks to keep waiting in the child: as many as it runs in about {@link #PREFETCH_BUDGET_NANOS}, at least
   * one and at most {@code prefetch}. Tiny tasks then travel in batches (fewer wake-ups, fewer system calls per task),
   * while long tasks are handed over one at a time and stay free to go to whichever worker frees up first.
   */
  int depth() {
    if (prefetch <= 1) {
      return prefetch;
    }
    if (averageTaskNanos < 0) {
      // nothing known yet: the first tasks may be long ones
      return 1;
    }
    long depth = PREFETCH_BUDGET_NANOS / Math.max(1, averageTaskNanos);
    return (int) Math.max(1, Math.min(prefetch, depth));
  }

  /** Learns from a task's answer how long tasks take. */
  void measure(PendingTask answered, long nowNanos) {
    // the task could start once it was sent and the one before it had answered
    long sample = nowNanos - Math.max(answered.sentAtNanos(), lastAnswerNanos);
    lastAnswerNanos = nowNanos;
    averageTaskNanos = averageTaskNanos < 0 ? sample : (averageTaskNanos * 7 + sample) / 8;
  }
}
