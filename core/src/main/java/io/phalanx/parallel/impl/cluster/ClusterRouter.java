package io.phalanx.parallel.impl.cluster;

import io.phalanx.parallel.EventBusHeaders;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.Counted;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Routes the tasks of {@code Parallel} clients across the nodes of a clustered Vert.x by their spare capacity. One
 * router per Vert.x instance and pool address, shared by every client of that address.
 * <p>
 * It keeps a table of the nodes from their announcements on {@code <address>.capacity} (see
 * {@link io.phalanx.parallel.impl.supervisor.ClusterAnnouncer}). Each task goes to the node whose load per live worker would be lowest with the task
 * added. The load is estimated as this router's own tasks there (known exactly: sent and not yet answered) plus the
 * other senders' tasks as of the node's last announcement (its announced load less this router's tasks at that
 * time). Nodes that seem to have no free place come last; ties rotate. A node that answers 429 (full) or 503
 * (draining, no live worker), or whose address has no consumer any more, is skipped for the next one of the ranking;
 * the last answer is the caller's.
 * <p>
 * Every task this router sends is held by a node it watches, so that every one gets an answer in bounded time. The
 * announcements are the nodes' heartbeats: a node silent for the {@code lossAfter} it announced is removed, and the
 * tasks this router has on it fail at once with {@link WorkerCrashedException} (502) naming the node. A node that
 * leaves keeps announcing while it drains, so its last tasks are watched the same way. A task sent while no node is
 * known (before the first announcement, or after every node was lost) waits for one for at most
 * {@link #ROUTING_WAIT_MS}, then fails with {@link PoolUnavailableException} (503); {@link #ready()} says when
 * routing is usable.
 * <p>
 * Thread-safe: clients send from any context; the table is guarded by this object's lock.
 */
public final class ClusterRouter implements Shareable {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.cluster");
  private static final String ROUTERS = "phalanx.parallel.routers";

  /**
   * The longest a task waits for a node to route to: the default {@code nodeLossTimeout}, so that a task sent while
   * no node is known settles within the time a lost node's tasks do.
   */
  public static final long ROUTING_WAIT_MS = 2_000;

  public static String capacityAddress(String address) {
    return address + ".capacity";
  }

  public static String nodeAddress(String address, String nodeId) {
    return address + ".node." + nodeId;
  }

  /**
   * @return the router of this Vert.x instance for this pool address, created and subscribed on first use
   */
  public static ClusterRouter of(Vertx vertx, String address) {
    return vertx.sharedData().<String, ClusterRouter>getLocalMap(ROUTERS)
      .computeIfAbsent(address, a -> new ClusterRouter(vertx, a).subscribe());
  }

  private record Waiter(Predicate<JsonObject> condition, Promise<Void> promise) {
  }

  private final Vertx vertx;
  private final String address;
  private final Map<String, RoutedNode> nodes = new LinkedHashMap<>();
  /** Where each pending request that carries a request id went, so that its cancel goes to the same node. */
  private final Map<String, RoutedNode> byRequestId = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<WaitingTask> waiting = new ArrayList<>();
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
      RoutedNode node = nodes.get(id);
      long sequence = announcement.getLong("seq", 0L);
      if (node != null && sequence <= node.sequence) {
        return;
      }
      if (node == null && announcement.getBoolean("leaving", false)) {
        return;
      }
      update(id, node, sequence, announcement);
    }
    tableChanged();
  }

  private void update(String id, RoutedNode known, long sequence, JsonObject announcement) {
    RoutedNode node = known;
    if (node == null) {
      node = new RoutedNode(id, nodeAddress(address, id));
      nodes.put(id, node);
      LOG.log(System.Logger.Level.DEBUG, "pool '" + address + "': node " + id + " joined the routing");
    }
    node.announced(announcement, sequence);
    if (node.lossTimer >= 0) {
      vertx.cancelTimer(node.lossTimer);
    }
    if (node.leaving && node.pending.isEmpty()) {
      // nothing of this router's to watch there any more
      nodes.remove(id);
      return;
    }
    RoutedNode watched = node;
    node.lossTimer = vertx.setTimer(node.lossAfter, timer -> onSilence(watched, timer));
  }

  /** Routes the tasks that waited for a node, if there is one now; then tells whoever awaits the table. */
  private void tableChanged() {
    List<WaitingTask> routable = new ArrayList<>();
    synchronized (this) {
      if (!waiting.isEmpty() && !ranking().isEmpty()) {
        routable.addAll(waiting);
        waiting.clear();
      }
    }
    for (WaitingTask task : routable) {
      vertx.cancelTimer(task.timer);
      route(task.body, task.delivery, task.requestId, task.reply);
    }
    List<Promise<Void>> satisfied = new ArrayList<>();
    synchronized (this) {
      if (!waiters.isEmpty()) {
        JsonObject table = table();
        waiters.removeIf(waiter -> {
          if (waiter.condition().test(table)) {
            satisfied.add(waiter.promise());
            return true;
          }
          return false;
        });
      }
    }
    satisfied.forEach(Promise::tryComplete);
  }

  private void onSilence(RoutedNode node, long timer) {
    List<Promise<Message<Object>>> orphans;
    synchronized (this) {
      if (node.lossTimer != timer || nodes.get(node.id) != node) {
        return;
      }
      nodes.remove(node.id);
      if (!node.leaving || !node.pending.isEmpty()) {
        lost++;
      }
      orphans = new ArrayList<>(node.pending);
      node.pending.clear();
      byRequestId.values().removeIf(n -> n == node);
    }
    String why = "node '" + node.name + "' (" + node.id + ") of pool '" + address + "' was lost: no capacity "
      + "announcement for " + node.lossAfter + " ms (ParallelConfig.setNodeLossTimeout); the task it held may or may "
      + "not have run";
    // a node that held none of this client's tasks failed nothing here (and this Vert.x may itself be closing)
    LOG.log(orphans.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
      why + " (" + Counted.of(orphans.size(), "task") + " sent from here failed)");
    for (Promise<Message<Object>> orphan : orphans) {
      orphan.tryFail(new WorkerCrashedException(why));
    }
    tableChanged();
  }

  // ------------------------------------------------------------------------------------------------ routing

  /**
   * Sends a task to the best node, or holds it until a node is known (at most {@link #ROUTING_WAIT_MS}).
   *
   * @return the reply, on the sender's context
   */
  public Future<Message<Object>> send(Object body, DeliveryOptions delivery) {
    // the answer is handed over on the sender's context, even when a node's loss (a timer elsewhere) fails it
    Context context = vertx.getOrCreateContext();
    Promise<Message<Object>> reply = Promise.promise();
    Handler<AsyncResult<Message<Object>>> handOver = ar -> {
      if (Vertx.currentContext() == context) {
        reply.handle(ar);
      } else {
        context.runOnContext(v -> reply.handle(ar));
      }
    };
    String requestId = delivery.getHeaders() == null ? null : delivery.getHeaders().get(EventBusHeaders.REQUEST_ID);
    route(body, delivery, requestId, handOver);
    return reply.future();
  }

  private void route(Object body, DeliveryOptions delivery, String requestId,
                     Handler<AsyncResult<Message<Object>>> reply) {
    List<RoutedNode> ranking;
    synchronized (this) {
      ranking = ranking();
      if (ranking.isEmpty()) {
        WaitingTask task = new WaitingTask(body, delivery, requestId, reply);
        waiting.add(task);
        task.timer = vertx.setTimer(ROUTING_WAIT_MS, id -> expire(task));
        return;
      }
    }
    attempt(ranking, 0, body, delivery, requestId, reply);
  }

  private void expire(WaitingTask task) {
    synchronized (this) {
      if (!waiting.remove(task)) {
        return;
      }
    }
    task.reply.handle(Future.failedFuture(new PoolUnavailableException("no node of pool '" + address + "' has "
      + "announced itself within " + ROUTING_WAIT_MS + " ms: no supervisor serves it yet, or every node was lost "
      + "(await Parallel.ready() before sending)")));
  }

  private synchronized List<RoutedNode> ranking() {
    List<RoutedNode> all = new ArrayList<>();
    for (RoutedNode node : nodes.values()) {
      if (!node.leaving) {
        all.add(node);
      }
    }
    if (all.isEmpty()) {
      return all;
    }
    // rotated before a stable sort: equally good nodes take turns
    int shift = Math.floorMod(turn++, all.size());
    List<RoutedNode> rotated = new ArrayList<>(all.subList(shift, all.size()));
    rotated.addAll(all.subList(0, shift));
    rotated.sort(Comparator.comparing((RoutedNode node) -> !node.seemsToHaveRoom())
      .thenComparingDouble(RoutedNode::loadPerWorkerWithOneMore));
    return rotated;
  }

  private void attempt(List<RoutedNode> ranking, int index, Object body, DeliveryOptions delivery, String requestId,
                       Handler<AsyncResult<Message<Object>>> reply) {
    RoutedNode node = ranking.get(index);
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

  /**
   * Cancels a request this router sent or holds: one still waiting for a node fails at once with
   * {@link TaskCancelledException}; otherwise the cancel goes to the node that holds it.
   *
   * @return as {@code <address>.cancel} answers: whether the task was cancelled
   */
  public Future<Boolean> cancel(String requestId) {
    WaitingTask held = null;
    synchronized (this) {
      for (WaitingTask task : waiting) {
        if (requestId.equals(task.requestId)) {
          held = task;
        }
      }
      waiting.remove(held);
    }
    if (held != null) {
      vertx.cancelTimer(held.timer);
      held.reply.handle(Future.failedFuture(new TaskCancelledException("the task of request " + requestId
        + " was cancelled before pool '" + address + "' had a node to run it")));
      return Future.succeededFuture(true);
    }
    return vertx.eventBus().<JsonObject>request(cancelAddress(requestId), new JsonObject().put("request", requestId))
      .map(answer -> answer.body().getBoolean("cancelled", false));
  }

  /**
   * @return where to cancel the request with this id: the cancel address of the node holding it, when this router
   * sent it
   */
  synchronized String cancelAddress(String requestId) {
    RoutedNode node = byRequestId.get(requestId);
    return node == null ? address + ".cancel" : node.address + ".cancel";
  }

  // ------------------------------------------------------------------------------------------------ diagnostics

  /**
   * @return completes once this router knows at least one node it may route to, at once if it does
   */
  public Future<Void> ready() {
    return awaitTable(table -> !table.getJsonArray("nodes").isEmpty());
  }

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
   * @return the routing table: per node it may route to, its id, name, live workers, tasks held and free places as
   * last announced, the load this router estimates now and its tasks waiting for an answer there; the nodes that
   * leave and still hold tasks of this router; the count of refusals (429/503 answers that made the router try another
   * node), of nodes lost and of tasks waiting for a node
   */
  public synchronized JsonObject table() {
    JsonArray list = new JsonArray();
    JsonArray leaving = new JsonArray();
    for (RoutedNode node : nodes.values()) {
      (node.leaving ? leaving : list).add(node.toJson());
    }
    return new JsonObject().put("address", address).put("clustered", true).put("ready", !list.isEmpty())
      .put("nodes", list).put("leaving", leaving).put("waiting", waiting.size()).put("refusals", refusals)
      .put("lost", lost);
  }
}
