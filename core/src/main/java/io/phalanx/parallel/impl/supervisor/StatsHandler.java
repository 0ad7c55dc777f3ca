package io.phalanx.parallel.impl.supervisor;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.impl.cluster.ClusterRouter;
import io.phalanx.parallel.impl.codec.RequestHeaders;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers {@code <address>.stats} with this node's pool, named by its node name, or, asked {@code {"scope":
 * "cluster"}} (or on {@code <address>.stats.all}), with every node's: each node the routing table of this Vert.x knows
 * is asked on {@code <address>.node.<nodeId>.stats}, for at most {@link #GATHER_TIMEOUT_MS}; the nodes that did not
 * answer are listed as unreachable. On a Vert.x that is not clustered the cluster is this node.
 */
public final class StatsHandler implements Handler<Message<Object>> {

  /** How long the nodes have to answer a cluster-wide request. */
  public static final long GATHER_TIMEOUT_MS = 2_000;

  /** Which answer an address gives. */
  public enum Scope {
    /** This node, or the cluster when the body asks for it: {@code <address>.stats}. */
    ASKED,
    /** Every node: {@code <address>.stats.all}. */
    CLUSTER,
    /** This node only: {@code <address>.node.<nodeId>.stats}. */
    NODE
  }

  private final Vertx vertx;
  private final String address;
  private final Supplier<JsonObject> nodeStats;
  private final String nodeId;
  private final Scope scope;

  /**
   * @param nodeStats this node's answer: the pool's stats with the node's name (and id on a cluster)
   * @param nodeId    this node's id on a cluster, or {@code null}
   */
  public StatsHandler(Vertx vertx, String address, Supplier<JsonObject> nodeStats, String nodeId, Scope scope) {
    this.vertx = vertx;
    this.address = address;
    this.nodeStats = nodeStats;
    this.nodeId = nodeId;
    this.scope = scope;
  }

  @Override
  public void handle(Message<Object> message) {
    boolean cluster = scope == Scope.CLUSTER;
    if (scope == Scope.ASKED) {
      Object body;
      try {
        body = message.body();
      } catch (RuntimeException | StackOverflowError e) {
        message.fail(FailureCodes.INVALID_TASK, "the stats request's body could not be decoded: " + e);
        return;
      }
      // any other body asks for this node, as it always did
      Object asked = body instanceof JsonObject json ? json.getValue("scope") : null;
      if (asked != null && !"node".equals(asked) && !"cluster".equals(asked)) {
        message.fail(FailureCodes.INVALID_TASK, "a stats request's scope must be \"node\" or \"cluster\", was "
          + (asked instanceof String text ? "'" + RequestHeaders.shorten(text) + "'" : "a "
          + asked.getClass().getSimpleName()));
        return;
      }
      cluster = "cluster".equals(asked);
    }
    JsonObject own = nodeStats.get();
    if (!cluster) {
      message.reply(own);
      return;
    }
    gather(own).onComplete(ar -> message.reply(ar.succeeded() ? ar.result() : new JsonObject()
      .put("address", address).put("scope", "cluster").put("nodes", new JsonArray().add(own))
      .put("unreachable", new JsonArray())));
  }

  private Future<JsonObject> gather(JsonObject own) {
    List<JsonObject> others = new ArrayList<>();
    if (vertx.isClustered()) {
      for (Object node : ClusterRouter.of(vertx, address).table().getJsonArray("nodes")) {
        if (!((JsonObject) node).getString("node").equals(nodeId)) {
          others.add((JsonObject) node);
        }
      }
    }
    List<Future<JsonObject>> answers = new ArrayList<>();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(GATHER_TIMEOUT_MS);
    for (JsonObject node : others) {
      answers.add(vertx.eventBus().<JsonObject>request(ClusterRouter.nodeAddress(address, node.getString("node"))
        + ".stats", null, options).map(Message::body));
    }
    return Future.join(answers).transform(done -> {
      JsonArray nodes = new JsonArray().add(own);
      JsonArray unreachable = new JsonArray();
      for (int i = 0; i < others.size(); i++) {
        Future<JsonObject> answer = answers.get(i);
        if (answer.succeeded()) {
          nodes.add(answer.result());
        } else {
          unreachable.add(new JsonObject().put("nodeId", others.get(i).getString("node"))
            .put("node", others.get(i).getString("name")).put("reason", String.valueOf(answer.cause())));
        }
      }
      return Future.succeededFuture(new JsonObject().put("address", address).put("scope", "cluster")
        .put("node", own.getString("node")).put("nodes", nodes).put("unreachable", unreachable));
    });
  }
}
