/**
 * phalanx-parallel: offload CPU-heavy work from Vert.x to a pool of supervised child JVM processes.
 * <p>
 * Deploy a {@link io.phalanx.parallel.SupervisorVerticle}, then send {@link io.phalanx.parallel.task.Task}s through a
 * {@link io.phalanx.parallel.Parallel} client or on the pool's event-bus address.
 */
@ModuleGen(name = "phalanx-parallel", groupPackage = "io.phalanx.parallel")
package io.phalanx.parallel;

import io.vertx.codegen.annotations.ModuleGen;
