/**
 * The live web page of a pool.
 */
module io.phalanx.parallel.dashboard {
  requires transitive io.phalanx.parallel;
  requires io.vertx.web;
  requires static io.vertx.codegen.api;
  requires static io.vertx.codegen.json;

  exports io.phalanx.parallel.dashboard;
  // the page is a resource of this package, read through the class loader
  opens io.phalanx.parallel.dashboard;
}
