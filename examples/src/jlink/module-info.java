/**
 * The thumbnails example as a named module, for a {@code jlink} image of it (docs/operations.md, "A jlink image").
 * The examples jar itself stays on the class path: the database, cluster and bridge examples need jars that are no
 * modules (H2, Hazelcast). JlinkImageTest compiles this file with the thumbnails example's sources.
 */
module io.phalanx.parallel.examples.thumbnails {
  requires io.phalanx.parallel;
  requires io.phalanx.parallel.dashboard;
  requires java.desktop;
  requires java.logging;
  requires java.management;

  // the pool builds task records from JSON, in the parent and in each worker, by reflection and Jackson
  opens io.phalanx.parallel.examples to io.phalanx.parallel, io.phalanx.parallel.worker,
    com.fasterxml.jackson.databind;
}
