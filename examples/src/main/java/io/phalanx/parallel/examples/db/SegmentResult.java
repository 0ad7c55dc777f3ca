package io.phalanx.parallel.examples.db;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * One row of the results table: how many primes a worker found in {@code [from, to)}. A data object, so it crosses
 * the event bus (and the process boundary) as its JSON form.
 */
@DataObject
public class SegmentResult {

  private int segment;
  private long from;
  private long to;
  private long primes;
  private String worker;
  private long millis;

  public SegmentResult(int segment, long from, long to, long primes, String worker, long millis) {
    this.segment = segment;
    this.from = from;
    this.to = to;
    this.primes = primes;
    this.worker = worker;
    this.millis = millis;
  }

  public SegmentResult(JsonObject json) {
    this(json.getInteger("segment", 0), json.getLong("from", 0L), json.getLong("to", 0L), json.getLong("primes", 0L),
      json.getString("worker"), json.getLong("millis", 0L));
  }

  public JsonObject toJson() {
    return new JsonObject().put("segment", segment).put("from", from).put("to", to).put("primes", primes)
      .put("worker", worker).put("millis", millis);
  }

  public int getSegment() {
    return segment;
  }

  public long getFrom() {
    return from;
  }

  public long getTo() {
    return to;
  }

  public long getPrimes() {
    return primes;
  }

  public String getWorker() {
    return worker;
  }

  public long getMillis() {
    return millis;
  }

  @Override
  public String toString() {
    return "SegmentResult" + toJson().encode();
  }
}
