package io.phalanx.parallel.dashboard;

import io.phalanx.parallel.ParallelConfig;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Options of a {@link DashboardVerticle}.
 */
@DataObject
@JsonGen(publicConverter = false)
public class DashboardOptions {

  /** The pool shown: {@value ParallelConfig#DEFAULT_ADDRESS}. */
  public static final String DEFAULT_ADDRESS = ParallelConfig.DEFAULT_ADDRESS;
  /** Only this machine may look: {@value}. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** {@value}; 0 takes any free port ({@link DashboardVerticle#actualPort()} says which). */
  public static final int DEFAULT_PORT = 8089;
  /** How often the pool is sampled and the page updated: {@value} ms. */
  public static final long DEFAULT_REFRESH_INTERVAL = 1_000;
  /** Samples the chart keeps: {@value} (five minutes at the default refresh interval). */
  public static final int DEFAULT_HISTORY_SIZE = 300;
  /** Lifecycle events the page lists: {@value}. */
  public static final int DEFAULT_EVENTS_KEPT = 50;

  private String address = DEFAULT_ADDRESS;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private long refreshInterval = DEFAULT_REFRESH_INTERVAL;
  private int historySize = DEFAULT_HISTORY_SIZE;
  private int eventsKept = DEFAULT_EVENTS_KEPT;

  public DashboardOptions() {
  }

  public DashboardOptions(DashboardOptions other) {
    this.address = other.address;
    this.host = other.host;
    this.port = other.port;
    this.refreshInterval = other.refreshInterval;
    this.historySize = other.historySize;
    this.eventsKept = other.eventsKept;
  }

  public DashboardOptions(JsonObject json) {
    this();
    DashboardOptionsConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    DashboardOptionsConverter.toJson(this, json);
    return json;
  }

  public String getAddress() {
    return address;
  }

  /**
   * @param address the event-bus address of the pool to show (its supervisor's {@code ParallelConfig.setAddress})
   */
  public DashboardOptions setAddress(String address) {
    Objects.requireNonNull(address, "address must not be null");
    if (address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    this.address = address;
    return this;
  }

  public String getHost() {
    return host;
  }

  /**
   * @param host the interface the page is served on; anything but a loopback address shows the pool (pids, crash
   *             reasons) to the network
   */
  public DashboardOptions setHost(String host) {
    Objects.requireNonNull(host, "host must not be null");
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /**
   * @param port the TCP port, 0 for any free one
   */
  public DashboardOptions setPort(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be within 0..65535, was " + port);
    }
    this.port = port;
    return this;
  }

  public long getRefreshInterval() {
    return refreshInterval;
  }

  /**
   * @param refreshInterval milliseconds between two samples of the pool, at least 100
   */
  public DashboardOptions setRefreshInterval(long refreshInterval) {
    if (refreshInterval < 100) {
      throw new IllegalArgumentException("refreshInterval must be at least 100 ms, was " + refreshInterval);
    }
    this.refreshInterval = refreshInterval;
    return this;
  }

  public int getHistorySize() {
    return historySize;
  }

  /**
   * @param historySize samples the chart keeps, at least 2
   */
  public DashboardOptions setHistorySize(int historySize) {
    if (historySize < 2) {
      throw new IllegalArgumentException("historySize must be at least 2, was " + historySize);
    }
    this.historySize = historySize;
    return this;
  }

  public int getEventsKept() {
    return eventsKept;
  }

  /**
   * @param eventsKept lifecycle events the page lists, at least 1
   */
  public DashboardOptions setEventsKept(int eventsKept) {
    if (eventsKept < 1) {
      throw new IllegalArgumentException("eventsKept must be at least 1, was " + eventsKept);
    }
    this.eventsKept = eventsKept;
    return this;
  }
}
