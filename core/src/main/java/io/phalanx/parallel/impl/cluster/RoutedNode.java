package io.phalanx.parallel.impl.cluster;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

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

  /** Takes what the node announced; this router's tasks there as of now become the announced load's own part. */
  void announced(JsonObject announcement, long sequence) {
    name = announcement.getString("name", id);
    leaving = announcement.getBoolean("leaving", false);
    this.sequence = sequence;
    workers = announcement.getInteger("workers", 0);
    load = announcement.getInteger("load", 0);
    free = announcement.getInteger("free", 0);
    lossAfter = announcement.getLong("lossAfter", 2_000L);
    mineAtAnnouncement = pending.size();
    refused = false;
  }

  /** The node's entry in the routing table ({@link ClusterRouter#table()}). */
  JsonObject toJson() {
    return new JsonObject().put("node", id).put("name", name).put("workers", workers).put("load", load)
      .put("free", free).put("estimatedLoad", estimatedLoad()).put("pending", pending.size());
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
