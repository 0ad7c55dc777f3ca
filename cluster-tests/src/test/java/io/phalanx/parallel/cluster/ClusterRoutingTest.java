package io.phalanx.parallel.cluster;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.cluster.outside.Forbidden;
import io.phalanx.parallel.cluster.tasks.AskNode;
import io.phalanx.parallel.cluster.tasks.WhereAmI;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One cluster for every test here: the test JVM is a client node without workers; node "one" has 1 worker and node
 * "three" 3, both on the same pool address.
 * <p>
 * The order is pinned: the busy-node test needs node one idle when it starts. It ran second under JUnit's default
 * order (by name hash) and fails after the cancel and split tests, where shorter names put it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterRoutingTest {

  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster(null, null).start(Map.of(
      "one", TestCluster.pool(1),
      "three", TestCluster.pool(3)));
  }

  @AfterAll
  static void endCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(5)
  void clientSplitsTasksByEachNodesWorkers() throws Exception {
    Parallel parallel = cluster.parallel();

    List<String> nodes = parallel.map(IntStream.range(0, 300).boxed().toList(), i -> new WhereAmI(20), 300)
      .await(120, TimeUnit.SECONDS);

    Map<String, Long> share = nodes.stream().collect(Collectors.groupingBy(Function.identity(),
      Collectors.counting()));
    System.out.println("300 tasks by node: " + share + ", routing table " + cluster.routing());
    assertThat(nodes).hasSize(300);
    assertThat(share.keySet()).containsExactlyInAnyOrder("one", "three");
    assertThat(share.get("three")).as("tasks on the 3-worker node, against the 1-worker node's " + share.get("one"))
      .isGreaterThanOrEqualTo(2 * share.get("one"));
  }

  @Test
  @Order(2)
  void busyNodeSendsNewTasksToTheOtherNode() throws Exception {
    String busyNode = nodeIdWithWorkers(1);
    List<Future<Object>> longTasks = new ArrayList<>();
    // straight to node one's own address: the router does not know of this task until node one announces it
    longTasks.add(cluster.client.eventBus().request(TestCluster.ADDRESS + ".node." + busyNode,
        new JsonObject().put("task", WhereAmI.class.getName()).put("args", new JsonObject().put("millis", 4_000)),
        new DeliveryOptions().setSendTimeout(60_000))
      .map(reply -> ((JsonObject) reply.body()).getValue("result")));
    cluster.awaitRouting(table -> table.getJsonArray("nodes").stream()
      .map(JsonObject.class::cast)
      .anyMatch(node -> node.getString("node").equals(busyNode) && node.getInteger("load") >= 1))
      .await(10, TimeUnit.SECONDS);
    long refusalsBefore = cluster.routing().getLong("refusals");

    List<String> nodes = cluster.parallel()
      .map(IntStream.range(0, 30).boxed().toList(), i -> new WhereAmI(10), 3)
      .await(60, TimeUnit.SECONDS);

    assertThat(nodes).containsOnly("three").hasSize(30);
    assertThat(cluster.routing().getLong("refusals")).as("429/503 answers").isEqualTo(refusalsBefore);
    assertThat(Future.all(longTasks).await(60, TimeUnit.SECONDS).<Object>list()).containsExactly("one");
  }

  @Test
  @Order(4)
  void aCancelReachesTheNodeThatHoldsTheTask() throws Exception {
    List<TaskExecution<String>> executions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      executions.add(cluster.parallel().submit(new WhereAmI(30_000)));
    }

    for (TaskExecution<String> execution : executions) {
      assertThat(execution.cancel().await(30, TimeUnit.SECONDS)).as("cancelled where it was").isTrue();
      assertThat(failureOf(execution.result())).isInstanceOf(TaskCancelledException.class);
    }
  }

  @Test
  @Order(3)
  void eachWorkerCallsTheServicesOfItsOwnNode() throws Exception {
    List<AskNode.Answer> answers = cluster.parallel()
      .map(IntStream.range(0, 40).boxed().toList(), i -> new AskNode(), 40)
      .await(60, TimeUnit.SECONDS);

    assertThat(answers).extracting(AskNode.Answer::worker).contains("one", "three");
    assertThat(answers).allSatisfy(answer -> assertThat(answer.service()).isEqualTo(answer.worker()));
  }

  @Test
  @Order(8)
  void jsonNamingANonTaskIsRefusedByEveryNode() throws Exception {
    for (String address : nodeAddresses()) {
      ReplyException refusal = refusalOf(address, new JsonObject().put("task", "java.lang.ProcessBuilder")
        .put("args", new JsonObject()));

      assertThat(refusal.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
      assertThat(refusal.failureCode()).isEqualTo(FailureCodes.INVALID_TASK);
      assertThat(refusal.getMessage()).contains("java.lang.ProcessBuilder");
    }
  }

  @Test
  @Order(7)
  void taskOutsideNodeAllowlistIsRefused() throws Exception {
    for (String address : nodeAddresses()) {
      ReplyException refusal = refusalOf(address, new JsonObject().put("task", Forbidden.class.getName())
        .put("args", new JsonObject()));

      assertThat(refusal.failureCode()).isEqualTo(FailureCodes.INVALID_TASK);
      assertThat(refusal.getMessage()).contains(Forbidden.class.getName());
    }
    // and the same for a Task object, which crosses the cluster in its JSON form
    Throwable failure = failureOf(cluster.parallel().inWorker(new Forbidden()));
    assertThat(failure).isInstanceOf(io.phalanx.parallel.InvalidTaskException.class)
      .hasMessageContaining(Forbidden.class.getName());
  }

  @Test
  @Order(6)
  void statsForAllNodesNameEachNode() throws Exception {
    JsonObject all = (JsonObject) cluster.client.eventBus().request(TestCluster.ADDRESS + ".stats",
      new JsonObject().put("scope", "cluster")).await(30, TimeUnit.SECONDS).body();
    JsonObject alias = (JsonObject) cluster.client.eventBus().request(TestCluster.ADDRESS + ".stats.all", null)
      .await(30, TimeUnit.SECONDS).body();
    JsonObject one = (JsonObject) cluster.client.eventBus().request(TestCluster.ADDRESS + ".stats", null)
      .await(30, TimeUnit.SECONDS).body();

    for (JsonObject cluster : List.of(all, alias)) {
      assertThat(cluster.getString("scope")).isEqualTo("cluster");
      assertThat(cluster.getString("node")).as("the node that answered").isIn("one", "three");
      assertThat(cluster.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .map(node -> node.getString("node") + "/" + node.getJsonArray("workers").size()))
        .containsExactlyInAnyOrder("one/1", "three/3");
      assertThat(cluster.getJsonArray("unreachable")).isEmpty();
    }
    assertThat(one.getString("node")).isIn("one", "three");
    assertThat(one.getString("nodeId")).isEqualTo(cluster.nodeId(one.getString("node")));
  }

  @Test
  @Order(1)
  void theRoutingTableNamesEveryNode() throws Exception {
    cluster.parallel().ready().await(10, TimeUnit.SECONDS);

    assertThat(cluster.routing().getBoolean("ready")).isTrue();
    assertThat(cluster.routing().getJsonArray("nodes").stream().map(JsonObject.class::cast)
      .map(node -> node.getString("name"))).containsExactlyInAnyOrder("one", "three");
  }

  private static List<String> nodeAddresses() {
    List<String> addresses = new ArrayList<>();
    cluster.routing().getJsonArray("nodes").forEach(node -> addresses.add(TestCluster.ADDRESS + ".node."
      + ((JsonObject) node).getString("node")));
    assertThat(addresses).hasSize(2);
    return addresses;
  }

  private static ReplyException refusalOf(String address, JsonObject request) {
    Throwable failure = failureOf(cluster.client.eventBus().request(address, request));
    assertThat(failure).isInstanceOf(ReplyException.class);
    return (ReplyException) failure;
  }

  private static Throwable failureOf(Future<?> future) {
    try {
      future.await(30, TimeUnit.SECONDS);
    } catch (Throwable t) {
      return future.cause() != null ? future.cause() : t;
    }
    throw new AssertionError("expected a failure, got " + future.result());
  }

  private static String nodeIdWithWorkers(int workers) {
    return cluster.routing().getJsonArray("nodes").stream()
      .map(JsonObject.class::cast)
      .filter(node -> node.getInteger("workers") == workers)
      .map(node -> node.getString("node"))
      .findFirst().orElseThrow(() -> new AssertionError("no node with " + workers + " workers in "
        + cluster.routing()));
  }
}
