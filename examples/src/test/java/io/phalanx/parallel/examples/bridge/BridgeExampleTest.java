package io.phalanx.parallel.examples.bridge;

import io.phalanx.parallel.examples.WorkerProcesses;
import io.phalanx.parallel.testsupport.ChildProcesses;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the bridge example as {@code run-example.sh --bridge} does, in this JVM against real worker JVMs: the Node.js
 * client talks to the pool through the TCP event-bus bridge. Skipped, saying why, where Node.js is missing.
 */
class BridgeExampleTest {

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertxAndCheckNothingSurvives() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
    WorkerProcesses.assertNoWorkerAlive(Duration.ofSeconds(10));
    ChildProcesses.assertNoneAlive("client.js", "the Node.js client", Duration.ofSeconds(10));
  }

  @Test
  @Timeout(value = 400, unit = TimeUnit.SECONDS)
  void theNodeClientGetsAResultAndTypedFailures() throws Exception {
    Path client = NodeClient.require();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    int status = BridgeExample.run(vertx, new BridgeSettings(1, "127.0.0.1", 0, 100_000, client, false),
      new PrintStream(printed, true, StandardCharsets.UTF_8));

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(status).as(output).isZero();
    assertThat(output)
      .contains("it permits phalanx.examples.bridge and no other address")
      .contains("  node | connected to the bridge at 127.0.0.1:")
      // the 9592 primes below 100 000, counted in a worker JVM
      .contains("  node | PrimeCount below 100000 -> {\"result\":9592}")
      .contains("  node | com.example.NoSuchTask -> failed with code 400: com.example.NoSuchTask is not in an"
        + " allowed task package")
      .contains("  node | PrimeCount below -1 -> failed with code 500: ")
      .contains("java.lang.IllegalArgumentException: below must be between 2 and 100000000, was -1")
      .contains("  node | phalanx.examples.bridge.stats -> refused by the bridge: access_denied")
      .contains("the client exited with status 0")
      .endsWith("the pool has stopped" + System.lineSeparator());
    assertThat(output).doesNotContain("No handler found", "Deprecation");
  }
}
