package io.phalanx.parallel;

/**
 * How the supervisor picks the worker whose mailbox receives a task sent to the pool address.
 */
public enum DispatchStrategy {

  /**
   * The worker with the fewest tasks (queued plus running). Ties are broken in rotation, so idle workers share the
   * work instead of worker 0 taking every quick task.
   */
  LEAST_MAILBOX,

  /**
   * Workers in turn, skipping workers whose mailbox is full or that are not live (starting, crashed, draining).
   */
  ROUND_ROBIN
}
