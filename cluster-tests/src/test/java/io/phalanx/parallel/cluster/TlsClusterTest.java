package io.phalanx.parallel.cluster;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.cluster.tasks.WhereAmI;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TlsClusterTest extends ClusterTestBase {

  private static final String PASSWORD = "test-only-secret";

  @Test
  void tasksRunOverTlsAndPlainMemberReachesNone() throws Exception {
    Path keyStore = keyStore();
    cluster = new TestCluster(keyStore.toString(), PASSWORD).start(Map.of(
      "one", TestCluster.pool(1),
      "two", TestCluster.pool(2)));

    List<String> nodes = cluster.parallel().map(IntStream.range(0, 90).boxed().toList(), i -> new WhereAmI(20), 90)
      .await(60, TimeUnit.SECONDS);
    Map<String, Long> share = nodes.stream().collect(Collectors.groupingBy(Function.identity(),
      Collectors.counting()));
    assertThat(share.keySet()).containsExactlyInAnyOrder("one", "two");
    assertThat(share.get("two")).isGreaterThan(share.get("one"));

    assertThatThrownBy(() -> cluster.client.eventBus().request(TestCluster.ADDRESS, new JsonObject()
        .put("task", "java.lang.ProcessBuilder").put("args", new JsonObject())).await(30, TimeUnit.SECONDS))
      .isInstanceOfSatisfying(ReplyException.class,
        refusal -> assertThat(refusal.failureCode()).isEqualTo(FailureCodes.INVALID_TASK));

    // a member that joins Hazelcast without the event bus's TLS gets nothing through to a node
    Vertx plain = ClusterSupport.start(cluster.name, cluster.basePort, null, null).await(60, TimeUnit.SECONDS);
    try {
      assertThatThrownBy(() -> plain.eventBus().request(TestCluster.ADDRESS, new JsonObject()
            .put("task", WhereAmI.class.getName()).put("args", new JsonObject().put("millis", 0)),
          new DeliveryOptions().setSendTimeout(3_000)).await(30, TimeUnit.SECONDS))
        .isInstanceOf(ReplyException.class);
    } finally {
      plain.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** A self-signed key pair for 127.0.0.1, made with the keytool of the running JDK: every node uses it and trusts it. */
  private static Path keyStore() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "tls"));
    Path store = dir.resolve("cluster-" + System.nanoTime() + ".jks");
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Process keytool = new ProcessBuilder(java.resolveSibling("keytool").toString(), "-genkeypair", "-alias", "node",
      "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
      "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "JKS", "-keystore", store.toString(),
      "-storepass", PASSWORD, "-keypass", PASSWORD)
      .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor()).as("keytool: " + output).isZero();
    return store.toAbsolutePath();
  }
}
