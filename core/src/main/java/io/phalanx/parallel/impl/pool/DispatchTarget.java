package io.phalanx.parallel.impl.pool;

/**
 * What a dispatcher needs to know of a worker.
 */
interface DispatchTarget {

  /**
   * @return whether the worker is live and its mailbox has room (or it is idle with a mailbox limit of 0)
   */
  boolean canAccept();

  /**
   * @return tasks queued plus the one running
   */
  int load();

  /**
   * @return what breaks a tie in load for {@code LEAST_MAILBOX}, the smaller first: the worker's resident memory in
   * bytes when the pool has a memory budget, otherwise 0
   */
  default long footprint() {
    return 0;
  }
}
