package io.phalanx.parallel.impl;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;

import java.util.HashSet;
import java.util.Set;

/**
 * What a {@link ClusterRouter} knows of one node: its last announcement and the tasks of this router it holds. Guarded
 * by the router's lock.
 */
final class RoutedNode {
  final String id;
  final String address;
  String name;
  /** Announced that it leaves: no new task goes there, its last ones are still watched. */
  boolean leaving;
  long sequence;
  int workers;
  int load;
  int free;
  long lossAfter;
  /** This router's tasks the node held (or that were on their way) when it last announced. */
  int mineAtAnnouncement;
  /** Set by a 429: the node counts as full until it announces again. */
  boolean refused;
  long lossTimer = -1;
  final Set<Promise<Message<Object>>> pending = new HashSet<>();

  RoutedNode(String id, String address) {
    this.id = id;
    this.address = address;
  }

  /**
   * The announced load is split into this router's part, which it knows exactly at any time (the tasks it waits
   * for there), and the other senders' part, which is as old as the announcement.
   */
  int estimatedLoad() {
    return Math.max(0, load - mineAtAnnouncement) + pending.size();
  }

  boolean seemsToHaveRoom() {
    return !refused && free - (pending.size() - mineAtAnnouncement) > 0;
  }

  double loadPerWorkerWithOneMore() {
    return (estimatedLoad() + 1.0) / Math.max(1, workers);
  }
}
