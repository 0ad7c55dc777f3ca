/**
 * The parent service of {@link io.phalanx.parallel.examples.DatabaseExample}: {@link ResultStore}, a
 * {@code @ProxyGen} interface in front of an embedded H2 database. Vert.x Codegen generates its event-bus proxy (used
 * by the tasks in the worker JVMs) and its proxy handler (bound in the parent) while this module compiles.
 */
@ModuleGen(name = "phalanx-parallel-examples-db", groupPackage = "io.phalanx.parallel.examples.db")
package io.phalanx.parallel.examples.db;

import io.vertx.codegen.annotations.ModuleGen;
