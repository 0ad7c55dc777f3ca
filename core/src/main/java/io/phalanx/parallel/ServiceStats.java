package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The counters of the parent-service bridge in a {@link PoolStats} snapshot: the {@code services} section of the
 * answer of {@code <address>.stats}, counting the calls the pool's workers made to parent services.
 */
@DataObject
public class ServiceStats {

  private final JsonObject json;

  /** @param json the {@code services} section; copied */
  public ServiceStats(JsonObject json) {
    this.json = Objects.requireNonNull(json, "json must not be null").copy();
  }

  /** @return the JSON form, exactly the section the supervisor sent (a copy) */
  public JsonObject toJson() {
    return json.copy();
  }

  /** @return every {@code service_call} the parent received from a worker */
  public long getCalls() {
    return json.getLong("calls", 0L);
  }

  /** @return calls refused (403): the address is not that of a parent service of the pool's bundles */
  public long getRefused() {
    return json.getLong("refused", 0L);
  }

  /** @return calls answered with a failure other than a refusal */
  public long getFailed() {
    return json.getLong("failed", 0L);
  }

  /** @return calls per parent service address */
  public Map<String, Long> getAddresses() {
    Map<String, Long> calls = new LinkedHashMap<>();
    json.getJsonObject("addresses", new JsonObject()).forEach(entry ->
      calls.put(entry.getKey(), ((Number) entry.getValue()).longValue()));
    return Collections.unmodifiableMap(calls);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServiceStats stats && json.equals(stats.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json.encode();
  }
}
