/**
 * A live web page of a phalanx-parallel pool: {@link io.phalanx.parallel.dashboard.DashboardVerticle}.
 */
@ModuleGen(name = "phalanx-parallel-dashboard", groupPackage = "io.phalanx.parallel.dashboard")
package io.phalanx.parallel.dashboard;

import io.vertx.codegen.annotations.ModuleGen;
