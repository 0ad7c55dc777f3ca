package io.phalanx.parallel.examples.readme;

import io.vertx.core.Future;

/** A stand-in for the database example's parent service, which docs/services.md shows only by its use. */
public interface ResultStore {

  String ADDRESS = "phalanx.examples.results";

  Future<Long> save(SegmentResult result);
}
