package io.phalanx.parallel.dashboard;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.testsupport.ChildProcesses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class DashboardVerticleTest {

  private static final String ADDRESS = "phalanx.dashboard.test";
  private Vertx vertx;
  /**
   * One client for the test, held in a field: Vert.x 5 closes a client, and the event stream it reads, once the client
   * object is garbage collected.
   */
  private HttpClient client;

  @BeforeEach
  void keepVertx(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void noWorkerSurvives() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
    ChildProcesses.assertNoneAlive("io.phalanx.parallel.worker.WorkerMain", Duration.ofSeconds(10));
  }

  @Test
  void streamSendsWorkersMemoryAndThroughput() throws Exception {
    await(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(2).setAddress(ADDRESS))));
    DashboardVerticle dashboard = new DashboardVerticle(new DashboardOptions().setAddress(ADDRESS).setPort(0)
      .setRefreshInterval(200));
    await(vertx.deployVerticle(dashboard));
    // the check after each test finds the workers: here they are
    assertThat(ChildProcesses.alive("io.phalanx.parallel.worker.WorkerMain")).hasSize(2);
    assertThat(dashboard.actualPort()).isPositive();
    assertThat(dashboard.url()).isEqualTo("http://127.0.0.1:" + dashboard.actualPort() + "/");
    BlockingQueue<JsonObject> snapshots = stream(dashboard.actualPort());

    await(Parallel.create(vertx, ADDRESS).map(IntStream.range(0, 20).boxed().toList(), i -> new Busy(5), 4));

    JsonObject busy = next(snapshots, s -> s.getJsonObject("tasks").getLong("completed") == 20
      && history(s).stream().anyMatch(p -> p.getDouble("throughput") > 0));
    assertThat(busy.getString("address")).isEqualTo(ADDRESS);
    assertThat(busy.getBoolean("healthy")).isTrue();
    JsonArray workers = busy.getJsonArray("workers");
    assertThat(workers).hasSize(2);
    long done = 0;
    for (Object entry : workers) {
      JsonObject worker = (JsonObject) entry;
      assertThat(worker.getLong("rss")).as("resident memory of %s", worker).isGreaterThan(1024 * 1024);
      done += worker.getLong("tasksDone");
    }
    assertThat(done).isEqualTo(20);
    JsonObject moving = history(busy).stream()
      .filter(p -> p.getDouble("throughput") > 0).findFirst().orElseThrow();
    assertThat(moving.getDouble("runMillis")).isGreaterThanOrEqualTo(5.0);
    assertThat(moving.getValue("waitMillis")).isNotNull();

    JsonObject latest = new JsonObject(await(get(dashboard.actualPort(), "/snapshot")));
    assertThat(latest.getJsonArray("workers")).hasSize(2);
    assertThat(await(get(dashboard.actualPort(), "/")).toString()).contains("<canvas id=\"chart\"");
  }

  @Test
  void lifecycleEventsOfThePoolAreKeptNewestFirst() throws Exception {
    DashboardVerticle dashboard = new DashboardVerticle(new DashboardOptions().setAddress(ADDRESS).setPort(0)
      .setRefreshInterval(200).setEventsKept(2));
    await(vertx.deployVerticle(dashboard));
    BlockingQueue<JsonObject> snapshots = stream(dashboard.actualPort());
    for (String type : List.of("crashed", "restarting", "started")) {
      vertx.eventBus().publish(ADDRESS + ".events", new JsonObject().put("type", type).put("worker", "worker-0"));
    }

    JsonObject seen = next(snapshots, s -> s.getJsonArray("events").size() == 2);
    assertThat(seen.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type")))
      .containsExactly("started", "restarting");
    // no supervisor on that address: the page says the pool does not answer
    assertThat(seen.getBoolean("reachable")).isFalse();
    assertThat(seen.getString("reason")).contains("did not answer");
  }

  @Test
  void optionsRoundTripThroughJsonAndRefuseNonsense() {
    DashboardOptions options = new DashboardOptions().setAddress("a.b").setHost("0.0.0.0").setPort(0)
      .setRefreshInterval(500).setHistorySize(10).setEventsKept(3);
    assertThat(new DashboardOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new DashboardOptions().getHost()).isEqualTo("127.0.0.1");
    assertThat(new DashboardOptions().getPort()).isEqualTo(8089);
    assertThatThrownBy(() -> new DashboardOptions().setPort(70_000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> new DashboardOptions().setRefreshInterval(10)).hasMessageContaining("10");
  }

  private static List<JsonObject> history(JsonObject snapshot) {
    return snapshot.getJsonArray("history").stream().map(JsonObject.class::cast).toList();
  }

  /** Reads the page's event stream as the browser would, one snapshot per event. */
  private BlockingQueue<JsonObject> stream(int port) throws Exception {
    BlockingQueue<JsonObject> snapshots = new LinkedBlockingQueue<>();
    HttpClientResponse response = await(httpClient().request(HttpMethod.GET, port, "127.0.0.1", "/events")
      .compose(request -> request.send()));
    assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream");
    RecordParser lines = RecordParser.newDelimited("\n", line -> {
      String text = line.toString();
      if (text.startsWith("data: ")) {
        snapshots.add(new JsonObject(text.substring(6)));
      }
    });
    response.handler(lines);
    return snapshots;
  }

  private HttpClient httpClient() {
    if (client == null) {
      client = vertx.createHttpClient();
    }
    return client;
  }

  private Future<Buffer> get(int port, String path) {
    return httpClient().request(HttpMethod.GET, port, "127.0.0.1", path)
      .compose(request -> request.send().compose(HttpClientResponse::body));
  }

  private static JsonObject next(BlockingQueue<JsonObject> snapshots, java.util.function.Predicate<JsonObject> wanted)
    throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      JsonObject snapshot = snapshots.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (snapshot != null && wanted.test(snapshot)) {
        return snapshot;
      }
      last = snapshot != null ? snapshot : last;
    }
    throw new AssertionError("no such snapshot within 30 s; the last: " + last);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }
}
