package io.phalanx.parallel.dashboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Serves a live page of one pool: a row per worker (state, pid, mailbox depth, tasks done, restarts, memory), a chart
 * of throughput and latency over the last minutes, and the recent lifecycle events.
 * <p>
 * The verticle samples the supervisor ({@code <address>.stats}) every {@link DashboardOptions#setRefreshInterval
 * refresh interval} and listens to {@code <address>.events}; the page receives each snapshot as a server-sent event.
 * Routes: {@code GET /} the page, {@code GET /snapshot} the latest snapshot as JSON, {@code GET /events} the stream
 * ({@code snapshot} events, each data line one JSON snapshot). Bound to {@value DashboardOptions#DEFAULT_HOST} by
 * default: the page shows pids and crash reasons.
 * <pre>{@code
 * DashboardVerticle dashboard = new DashboardVerticle(new DashboardOptions().setPort(0));
 * vertx.deployVerticle(dashboard).onSuccess(id -> System.out.println("dashboard: " + dashboard.url()));
 * }</pre>
 */
public class DashboardVerticle extends VerticleBase {

  private static final String PAGE = "io/phalanx/parallel/dashboard/index.html";

  private final DashboardOptions given;
  private final Set<HttpServerResponse> streams = new LinkedHashSet<>();
  private DashboardOptions options;
  private PoolSampler sampler;
  private HttpServer server;
  private MessageConsumer<JsonObject> events;
  private long timer = -1;
  private boolean sampling;
  private volatile int actualPort = -1;

  /** A dashboard configured by the deployment's JSON config ({@link DashboardOptions#toJson()} form). */
  public DashboardVerticle() {
    this.given = null;
  }

  public DashboardVerticle(DashboardOptions options) {
    this.given = new DashboardOptions(Objects.requireNonNull(options, "options must not be null"));
  }

  /**
   * @return the port the page is served on once deployed (the one chosen when the options asked for 0), -1 before
   */
  public int actualPort() {
    return actualPort;
  }

  /**
   * @return the page's URL once deployed, such as {@code http://127.0.0.1:8089/}
   */
  public String url() {
    String host = options.getHost();
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : shown) + ":" + actualPort + "/";
  }

  @Override
  public Future<?> start() {
    try {
      options = given != null ? given : new DashboardOptions(config());
    } catch (IllegalArgumentException | NullPointerException e) {
      return Future.failedFuture(e);
    }
    sampler = new PoolSampler(options.getAddress(), options.getHistorySize(), options.getEventsKept(),
      ProcessMemory::residentBytes);
    Buffer page = page();
    Router router = Router.router(vertx);
    router.get("/").handler(rc -> rc.response().putHeader("content-type", "text/html; charset=utf-8").end(page));
    router.get("/snapshot").handler(rc -> rc.response().putHeader("content-type", "application/json")
      .putHeader("cache-control", "no-store").end(sampler.last().encode()));
    router.get("/events").handler(rc -> stream(rc.response()));
    events = vertx.eventBus().consumer(options.getAddress() + ".events", message -> {
      if (message.body() != null) {
        sampler.event(message.body());
      }
    });
    server = vertx.createHttpServer(new HttpServerOptions().setHost(options.getHost()).setPort(options.getPort()))
      .requestHandler(router);
    return events.completion()
      .compose(v -> server.listen())
      .onSuccess(listening -> {
        actualPort = listening.actualPort();
        sample();
        timer = vertx.setPeriodic(options.getRefreshInterval(), id -> sample());
      });
  }

  private void stream(HttpServerResponse response) {
    response.setChunked(true)
      .putHeader("content-type", "text/event-stream")
      .putHeader("cache-control", "no-store")
      .putHeader("connection", "keep-alive");
    streams.add(response);
    response.closeHandler(v -> streams.remove(response));
    response.write("retry: 2000\n\n");
    send(response, sampler.last());
  }

  private void sample() {
    // one question at a time: a late answer after a newer one would make the counters go backwards
    if (sampling) {
      return;
    }
    sampling = true;
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(Math.max(options.getRefreshInterval(), 1_000));
    vertx.eventBus().<JsonObject>request(options.getAddress() + ".stats", null, delivery).onComplete(ar -> {
      sampling = false;
      long now = System.currentTimeMillis();
      JsonObject snapshot = ar.succeeded() ? sampler.sample(ar.result().body(), now)
        : sampler.unreachable("pool '" + options.getAddress() + "' did not answer: " + ar.cause().getMessage(), now);
      for (HttpServerResponse response : streams) {
        send(response, snapshot);
      }
    });
  }

  private static void send(HttpServerResponse response, JsonObject snapshot) {
    // a slow page skips snapshots instead of piling them up in memory: the next one holds everything anyway
    if (!response.writeQueueFull()) {
      response.write("event: snapshot\ndata: " + snapshot.encode() + "\n\n");
    }
  }

  private static Buffer page() {
    try (InputStream in = DashboardVerticle.class.getClassLoader().getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException(PAGE + " is missing from the class path");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    for (HttpServerResponse response : streams) {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }
    streams.clear();
    return Future.join(server != null ? server.close() : Future.succeededFuture(),
      events != null ? events.unregister() : Future.succeededFuture());
  }
}
