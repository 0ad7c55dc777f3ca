package io.phalanx.parallel.impl;

import io.phalanx.parallel.EventBusHeaders;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.WorkerCrashedException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Routes the tasks of {@code Parallel} clients across the nodes of a clustered Vert.x by their spare capacity. One
 * router per Vert.x instance and pool address, shared by every client of that address.
 * <p>
 * It keeps a table of the nodes from their announcements on {@code <address>.capacity} (see
 * {@link ClusterAnnouncer}). Each task goes to the node whose load per live worker would be lowest with the task
 * added. The load is estimated as this router's own tasks there (known exactly: sent and not yet answered) plus the
 * other senders' tasks as of the node's last announcement (its announced load less this router's tasks at that
 * time). Nodes that seem to have no free place come last; ties rotate. A node that answers 429 (full) or 503 (draining, no live worker), or whose address has
 * no consumer any more, is skipped for the next one of the ranking; the last answer is the caller's.
 * <p>
 * The announcements are also the nodes' heartbeats: a node silent for the {@code lossAfter} it announced is removed,
 * and the tasks this router has on it fail at once with {@link WorkerCrashedException} (502) naming the node, instead
 * of waiting for the event bus's send timeout. Until the first announcement arrives the router knows no node and the
 * client sends to the pool address itself (the event bus's round robin).
 * <p>
 * Thread-safe: clients send from any context; the table is guarded by this object's lock.
 */
public final class ClusterRouter implements Shareable {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.cluster");
  private static final String ROUTERS = "phalanx.parallel.routers";

  static String capacityAddress(String address) {
    return address + ".capacity";
  }

  static String nodeAddress(String address, String nodeId) {
    return address + ".node." + nodeId;
  }

  /**
   * @return the router of this Vert.x instance for this pool address, created and subscribed on first use
   */
  static ClusterRouter of(Vertx vertx, String address) {
    return vertx.sharedData().<String, ClusterRouter>getLocalMap(ROUTERS)
      .computeIfAbsent(address, a -> new ClusterRouter(vertx, a).subscribe());
  }

  /** What the router knows of one node. */
  private static final class Node {
    final String id;
    final String address;
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

    Node(String id, String address) {
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

  private record Waiter(Predicate<JsonObject> condition, Promise<Void> promise) {
  }

  private final Vertx vertx;
  private final String address;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  /** Where each pending request that carries a request id went, so that its cancel goes to the same node. */
  private final Map<String, Node> byRequestId = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private Future<Void> subscribed;
  private int turn;
  private long refusals;
  private long lost;

  private ClusterRouter(Vertx vertx, String address) {
    this.vertx = vertx;
    this.address = address;
  }

  private ClusterRouter subscribe() {
    subscribed = vertx.eventBus().<JsonObject>consumer(capacityAddress(address),
      message -> onAnnouncement(message.body())).completion();
    return this;
  }

  /** Completes once the router listens to the announcements. */
  Future<Void> subscribed() {
    return subscribed;
  }

  // ------------------------------------------------------------------------------------------------ announcements

  private void onAnnouncement(JsonObject announcement) {
    String id = announcement.getString("node");
    if (id == null) {
      return;
    }
    synchronized (this) {
      Node node = nodes.get(id);
      long sequence = announcement.getLong("seq", 0L);
      if (node != null && sequence <= node.sequence) {
        return;
      }
      if (announcement.getBoolean("leaving", false)) {
        // its pending tasks are still answered by the draining node: only new ones stop going there
        if (node != null) {
          nodes.remove(id);
          vertx.cancelTimer(node.lossTimer);
        }
      } else {
        update(id, node, sequence, announcement);
      }
    }
    tableChanged();
  }

  private void update(String id, Node known, long sequence, JsonObject announcement) {
    Node node = known;
    if (node == null) {
      node = new Node(id, nodeAddress(address, id));
      nodes.put(id, node);
      LOG.log(System.Logger.Level.DEBUG, "pool '" + address + "': node " + id + " joined the routing");
    }
    node.sequence = sequence;
    node.workers = announcement.getInteger("workers", 0);
    node.load = announcement.getInteger("load", 0);
    node.free = announcement.getInteger("free", 0);
    node.lossAfter = announcement.getLong("lossAfter", 2_000L);
    node.mineAtAnnouncement = node.pending.size();
    node.refused = false;
    if (node.lossTimer >= 0) {
      vertx.cancelTimer(node.lossTimer);
    }
    Node watched = node;
    node.lossTimer = vertx.setTimer(node.lossAfter, timer -> onSilence(watched, timer));
  }

  private void tableChanged() {
    List<Promise<Void>> satisfied = new ArrayList<>();
    synchronized (this) {
      if (waiters.isEmpty()) {
        return;
      }
      JsonObject table = table();
      waiters.removeIf(waiter -> {
        if (waiter.condition().test(table)) {
          satisfied.add(waiter.promise());
          return true;
        }
        return false;
      });
    }
    satisfied.forEach(Promise::tryComplete);
  }

  private void onSilence(Node node, long timer) {
    List<Promise<Message<Object>>> orphans;
    synchronized (this) {
      if (node.lossTimer != timer || nodes.get(node.id) != node) {
        return;
      }
      nodes.remove(node.id);
      lost++;
      orphans = new ArrayList<>(node.pending);
      node.pending.clear();
      byRequestId.values().removeIf(n -> n == node);
    }
    String why = "node " + node.id + " of pool '" + address + "' was lost: no capacity announcement for "
      + node.lossAfter + " ms (ParallelConfig.setNodeLossTimeout); the task it held may or may not have run";
    // a node that held none of this client's tasks failed nothing here (and this Vert.x may itself be closing)
    LOG.log(orphans.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
      why + " (" + orphans.size() + " tasks sent from here failed)");
    for (Promise<Message<Object>> orphan : orphans) {
      orphan.tryFail(new WorkerCrashedException(why));
    }
    tableChanged();
  }

  // ------------------------------------------------------------------------------------------------ routing

  /**
   * Sends a task to the best node.
   *
   * @return the reply, or {@code null} when no node is known yet (the caller then sends to the pool address)
   */
  Future<Message<Object>> send(Object body, DeliveryOptions delivery) {
    List<Node> ranking = ranking();
    if (ranking.isEmpty()) {
      return null;
    }
    // the answer is handed over on the sender's context, even when a node's loss (a timer elsewhere) fails it
    Context context = vertx.getOrCreateContext();
    Promise<Message<Object>> reply = Promise.promise();
    attempt(ranking, 0, body, delivery, requestIdOf(delivery), ar -> {
      if (Vertx.currentContext() == context) {
        reply.handle(ar);
      } else {
        context.runOnContext(v -> reply.handle(ar));
      }
    });
    return reply.future();
  }

  private synchronized List<Node> ranking() {
    List<Node> all = new ArrayList<>(nodes.values());
    if (all.isEmpty()) {
      return all;
    }
    // rotated before a stable sort: equally good nodes take turns
    int shift = Math.floorMod(turn++, all.size());
    List<Node> rotated = new ArrayList<>(all.subList(shift, all.size()));
    rotated.addAll(all.subList(0, shift));
    rotated.sort(Comparator.comparing((Node node) -> !node.seemsToHaveRoom())
      .thenComparingDouble(Node::loadPerWorkerWithOneMore));
    return rotated;
  }

  private void attempt(List<Node> ranking, int index, Object body, DeliveryOptions delivery, String requestId,
                       Handler<AsyncResult<Message<Object>>> reply) {
    Node node = ranking.get(index);
    Promise<Message<Object>> here = Promise.promise();
    synchronized (this) {
      node.pending.add(here);
      if (requestId != null) {
        byRequestId.put(requestId, node);
      }
    }
    here.future().onComplete(ar -> {
      synchronized (this) {
        node.pending.remove(here);
        if (requestId != null) {
          byRequestId.remove(requestId, node);
        }
      }
      if (ar.failed() && index + 1 < ranking.size() && isRefusal(ar.cause())) {
        synchronized (this) {
          refusals++;
          if (((ReplyException) ar.cause()).failureCode() == FailureCodes.MAILBOX_FULL) {
            // full until it says otherwise
            node.refused = true;
          }
        }
        attempt(ranking, index + 1, body, delivery, requestId, reply);
        return;
      }
      reply.handle(ar);
    });
    vertx.eventBus().request(node.address, body, delivery).onComplete(here::tryComplete, here::tryFail);
  }

  private static boolean isRefusal(Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return false;
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return true;
    }
    return reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && (reply.failureCode() == FailureCodes.MAILBOX_FULL || reply.failureCode() == FailureCodes.POOL_UNAVAILABLE);
  }

  private static String requestIdOf(DeliveryOptions delivery) {
    return delivery.getHeaders() == null ? null : delivery.getHeaders().get(EventBusHeaders.REQUEST_ID);
  }

  /**
   * @return where to cancel the request with this id: the cancel address of the node holding it, when this router
   * sent it
   */
  synchronized String cancelAddress(String requestId) {
    Node node = byRequestId.get(requestId);
    return node == null ? address + ".cancel" : node.address + ".cancel";
  }

  // ------------------------------------------------------------------------------------------------ diagnostics

  /**
   * @return completes once this router knows at least {@code count} nodes
   */
  public Future<Void> awaitNodes(int count) {
    return awaitTable(table -> table.getJsonArray("nodes").size() >= count);
  }

  /**
   * @return completes once the {@link #table()} meets the condition, checked now and after each announcement
   */
  public synchronized Future<Void> awaitTable(Predicate<JsonObject> condition) {
    if (condition.test(table())) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiters.add(new Waiter(condition, promise));
    return promise.future();
  }

  /**
   * @return the routing table: per node its id, live workers, tasks held and free places as last announced, tasks
   * the load this router estimates now, and tasks of this router waiting for an answer there; with the count of refusals (429/503 answers
   * that made the router try another node) and of nodes lost
   */
  public synchronized JsonObject table() {
    JsonArray list = new JsonArray();
    for (Node node : nodes.values()) {
      list.add(new JsonObject().put("node", node.id).put("workers", node.workers).put("load", node.load)
        .put("free", node.free).put("estimatedLoad", node.estimatedLoad()).put("pending", node.pending.size()));
    }
    return new JsonObject().put("address", address).put("nodes", list).put("refusals", refusals)
      .put("lost", lost);
  }
}
