/**
 * The parent side of phalanx-parallel: the client ({@code Parallel}), the supervisor and its pool of worker JVMs.
 * Only {@code io.phalanx.parallel} is exported: no other module of the project uses an {@code impl} package (the
 * benchmark of the examples, which does, runs on the class path).
 */
module io.phalanx.parallel {
  requires transitive io.phalanx.parallel.worker;
  requires transitive io.vertx.core;
  requires transitive io.vertx.serviceproxy;
  requires static io.vertx.codegen.api;
  requires static io.vertx.codegen.json;
  requires static io.vertx.healthcheck;
  requires static io.vertx.metrics.micrometer;
  requires static micrometer.core;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;

  exports io.phalanx.parallel;
}
