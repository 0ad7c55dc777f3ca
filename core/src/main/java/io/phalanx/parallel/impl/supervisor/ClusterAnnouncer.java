package io.phalanx.parallel.impl.supervisor;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.impl.cluster.ClusterRouter;
import io.phalanx.parallel.impl.pool.WorkerHandle;
import io.phalanx.parallel.impl.pool.WorkerPool;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cluster side of one supervisor, used only when Vert.x is clustered. Besides the shared pool address, the pool
 * serves its node's own address, {@code <address>.node.<nodeId>} (and {@code .cancel} and {@code .stats} under it),
 * and publishes its spare capacity, with its node's readable name, on {@code <address>.capacity}: every
 * {@code announceInterval}, and at once when the number of live workers changes or the node fills up or gets room
 * again. {@link ClusterRouter}s route by these announcements and take them as the node's heartbeat, also while the
 * node drains after {@link #leave()}. Confined to the supervisor's context.
 */
public final class ClusterAnnouncer {

  /** How many checks for a prompt announcement fit into one interval. */
  private static final int CHECKS_PER_INTERVAL = 5;

  private final Vertx vertx;
  private final WorkerPool pool;
  private final ParallelConfig config;
  private final String nodeName;
  private final String nodeId = UUID.randomUUID().toString();
  private final String nodeAddress;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private long timer = -1;
  private long checks;
  private long sequence;
  private int lastWorkers = -1;
  private boolean lastFull;
  private boolean leaving;

  public ClusterAnnouncer(Vertx vertx, WorkerPool pool, ParallelConfig config, String nodeName) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.nodeName = nodeName;
    this.nodeAddress = ClusterRouter.nodeAddress(config.getAddress(), nodeId);
  }

  public String nodeId() {
    return nodeId;
  }

  /**
   * Registers the node's addresses and starts announcing once they are known to the cluster, so that no client
   * routes to an address that has no consumer yet.
   *
   * @param stats answers {@code <address>.node.<nodeId>.stats}
   */
  public Future<Void> start(Handler<Message<Object>> stats) {
    // this node's own view of the cluster, listening from now on: what a cluster-wide stats request asks around
    ClusterRouter.of(vertx, config.getAddress());
    EventBus eventBus = vertx.eventBus();
    consumers.add(eventBus.consumer(nodeAddress, new RequestHandler(pool, -1, eventBus)));
    consumers.add(eventBus.consumer(nodeAddress + ".cancel", new CancelHandler(pool)));
    consumers.add(eventBus.consumer(nodeAddress + ".stats", stats));
    List<Future<Void>> registrations = new ArrayList<>();
    for (MessageConsumer<Object> consumer : consumers) {
      registrations.add(consumer.completion());
    }
    return Future.all(registrations).onSuccess(v -> {
      announce();
      long period = Math.max(1, config.getAnnounceInterval() / CHECKS_PER_INTERVAL);
      timer = vertx.setPeriodic(period, id -> check());
    }).mapEmpty();
  }

  private void check() {
    checks++;
    JsonObject capacity = capacity();
    boolean full = capacity.getInteger("free") == 0;
    if (checks % CHECKS_PER_INTERVAL == 0 || capacity.getInteger("workers") != lastWorkers || full != lastFull) {
      publish(capacity);
    }
  }

  private void announce() {
    publish(capacity());
  }

  private void publish(JsonObject capacity) {
    checks = 0;
    lastWorkers = capacity.getInteger("workers");
    lastFull = capacity.getInteger("free") == 0;
    vertx.eventBus().publish(ClusterRouter.capacityAddress(config.getAddress()), capacity);
  }

  /**
   * The announcement: live workers, tasks held (waiting and running) and free places (in the mailboxes, or an idle
   * worker with a mailbox limit of 0); while the node drains, {@code leaving} and no free place.
   */
  JsonObject capacity() {
    int live = 0;
    int load = 0;
    int free = 0;
    for (WorkerHandle worker : pool.workers()) {
      load += worker.load();
      if (worker.isAccepting()) {
        live++;
        free += Math.max(0, config.getMailboxLimit() + 1 - worker.load());
      }
    }
    JsonObject capacity = new JsonObject()
      .put("node", nodeId)
      .put("name", nodeName)
      .put("seq", ++sequence)
      .put("workers", live)
      .put("load", load)
      .put("free", leaving ? 0 : free)
      .put("lossAfter", config.getNodeLossTimeout());
    return leaving ? capacity.put("leaving", true) : capacity;
  }

  /**
   * Tells the clients that this node leaves: they stop routing to it at once. It goes on announcing (as leaving)
   * until {@link #close()}, so that the clients still see it alive while the tasks already on their way are answered
   * (with 503 while draining) and notice in time if it dies meanwhile.
   */
  public void leave() {
    leaving = true;
    announce();
  }

  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    leaving = true;
    announce();
    List<Future<Void>> unregistrations = new ArrayList<>();
    for (MessageConsumer<Object> consumer : consumers) {
      unregistrations.add(consumer.unregister());
    }
    consumers.clear();
    return Future.join(unregistrations).mapEmpty();
  }
}
