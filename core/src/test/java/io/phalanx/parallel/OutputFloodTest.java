package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Shout;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that prints in a loop: its lines are logged in the parent within a budget per second, the rest counted, and
 * the supervisor's event loop keeps serving the other workers meanwhile.
 */
class OutputFloodTest extends PoolTestBase {

  private static final Pattern LEFT_OUT = Pattern.compile("\\[worker-0\\] (\\d+) lines of its output were left out");
  private final Logger workerLog = Logger.getLogger("io.phalanx.parallel.worker");
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @AfterEach
  void stopCapturing() {
    workerLog.removeHandler(capture);
  }

  private static JsonObject shout(long millis) {
    return new JsonObject().put("task", Shout.class.getName()).put("args", new JsonObject().put("millis", millis));
  }

  @Test
  void theOtherWorkersAreServedWhileOnePrintsInALoop() {
    deploy(new ParallelConfig().setAgents(2).setAddress("flood"));
    Parallel parallel = Parallel.create(vertx, "flood");
    Future<Object> flood = vertx.eventBus().request("flood.worker.0", shout(2_500),
      new DeliveryOptions().setSendTimeout(60_000)).map(reply -> reply.body());

    for (int i = 0; i < 20; i++) {
      assertThat(await(vertx.eventBus().request("flood.worker.1", new JsonObject().put("task", Add.class.getName())
        .put("args", new JsonObject().put("a", i).put("b", 1)))).body()).isEqualTo(new JsonObject().put("result", i + 1));
    }

    // each of those requests waited 1.1 to 2.5 s for a loop busy logging: twenty did not fit in the flood's 2.5 s
    assertThat(flood.isComplete()).as("the flood is still on").isFalse();
    assertThat(((JsonObject) await(flood)).getLong("result")).isPositive();
    assertThat(await(parallel.inWorker(new Add(1, 2)))).isEqualTo(3);
  }

  @Test
  void everyLineIsLoggedOrCountedWithinTheBudget() {
    workerLog.addHandler(capture);
    String id = deploy(ParallelConfig.singleWorker().setAddress("flood").setWorkerLogLinesPerSecond(50));
    long started = System.nanoTime();

    long printed = ((JsonObject) await(vertx.eventBus().request("flood", shout(1_500),
      new DeliveryOptions().setSendTimeout(60_000))).body()).getLong("result");
    // the process's end tells what its last second left out
    await(vertx.undeploy(id));
    double seconds = (System.nanoTime() - started) / 1e9;

    long logged = records.stream().filter(r -> r.startsWith("[worker-0 ") && r.contains("] shout ")).count();
    long leftOut = 0;
    for (String record : records) {
      Matcher matcher = LEFT_OUT.matcher(record);
      if (matcher.find()) {
        leftOut += Long.parseLong(matcher.group(1));
      }
    }
    assertThat(printed).isGreaterThan(1_000);
    assertThat(logged + leftOut).isEqualTo(printed);
    assertThat(logged).isLessThanOrEqualTo((long) (50 * (Math.ceil(seconds) + 1)));
    assertThat(records).anyMatch(r -> r.contains("more than 50 a second (ParallelConfig.setWorkerLogLinesPerSecond)"));
  }
}
