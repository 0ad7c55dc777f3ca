package io.phalanx.parallel.impl;

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
}
