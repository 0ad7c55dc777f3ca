package io.phalanx.parallel.impl.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's bounded FIFO of tasks waiting to run. The running task is not in the mailbox: a worker holds at most
 * {@code limit} waiting tasks plus the one it runs. A full mailbox refuses new tasks; only a task the pool moves from
 * a crashed worker ({@link #pushFront}) may pass the limit, since it was accepted long ago.
 */
final class Mailbox {

  private final int limit;
  private final ArrayDeque<PendingTask> queue = new ArrayDeque<>();

  Mailbox(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("mailbox limit must be at least 0, was " + limit);
    }
    this.limit = limit;
  }

  /**
   * @return whether the task was taken; {@code false} when the mailbox is full
   */
  boolean offer(PendingTask task) {
    if (queue.size() >= limit) {
      return false;
    }
    queue.addLast(task);
    return true;
  }

  /** Puts a task first in line, whatever the limit. */
  void pushFront(PendingTask task) {
    queue.addFirst(task);
  }

  boolean isFull() {
    return queue.size() >= limit;
  }

  /**
   * @return the oldest waiting task, or {@code null}
   */
  PendingTask poll() {
    return queue.pollFirst();
  }

  /**
   * @return whether the task was waiting here and is now removed
   */
  boolean remove(PendingTask task) {
    return queue.remove(task);
  }

  boolean contains(PendingTask task) {
    return queue.contains(task);
  }

  /** @return the waiting tasks, oldest first; the mailbox keeps them */
  List<PendingTask> waiting() {
    return List.copyOf(queue);
  }

  int size() {
    return queue.size();
  }

  int limit() {
    return limit;
  }

  /**
   * Empties the mailbox.
   *
   * @return the tasks that were waiting, oldest first
   */
  List<PendingTask> drainAll() {
    List<PendingTask> all = new ArrayList<>(queue);
    queue.clear();
    return all;
  }
}
