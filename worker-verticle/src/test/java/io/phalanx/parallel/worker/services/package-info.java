/**
 * Service fixtures of the worker runtime's tests; Vert.x Codegen generates the proxy of {@link EchoService}.
 */
@ModuleGen(name = "phalanx-worker-test-services", groupPackage = "io.phalanx.parallel.worker.services")
package io.phalanx.parallel.worker.services;

import io.vertx.codegen.annotations.ModuleGen;
