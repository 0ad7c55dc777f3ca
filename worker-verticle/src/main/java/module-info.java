/**
 * The worker runtime: the contract a task sees ({@code io.phalanx.parallel.task}, {@code io.phalanx.parallel.service})
 * and, for the parent and the annotation processor only, the wire protocol, the task rules and the runtime inside each
 * worker JVM.
 * <p>
 * A worker builds task classes and service implementations by reflection and Jackson: an application module opens
 * the packages of its tasks to this module and to {@code com.fasterxml.jackson.databind}.
 */
module io.phalanx.parallel.worker {
  requires transitive io.vertx.core;
  requires transitive io.vertx.serviceproxy;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports io.phalanx.parallel.task;
  exports io.phalanx.parallel.service;

  exports io.phalanx.parallel.protocol to io.phalanx.parallel;
  exports io.phalanx.parallel.tasktypes to io.phalanx.parallel, io.phalanx.parallel.codegen;
  exports io.phalanx.parallel.worker to io.phalanx.parallel;
  // the warm-up runs Jackson on a record of its own, so that the first task finds the mapper's paths compiled
  opens io.phalanx.parallel.worker to com.fasterxml.jackson.databind;
}
