/**
 * Service fixtures of the functional tests: {@code @ProxyGen} interfaces (Vert.x Codegen generates their proxies and
 * proxy handlers while the tests compile), their implementations, service bundles and the tasks that call them.
 */
@ModuleGen(name = "phalanx-parallel-test-services", groupPackage = "io.phalanx.parallel.services")
package io.phalanx.parallel.services;

import io.vertx.codegen.annotations.ModuleGen;
