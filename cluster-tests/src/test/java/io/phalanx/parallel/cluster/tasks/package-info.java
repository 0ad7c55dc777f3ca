/**
 * The tasks and the parent service of the cluster tests.
 */
@ModuleGen(name = "phalanx-parallel-cluster-test-tasks", groupPackage = "io.phalanx.parallel.cluster.tasks")
package io.phalanx.parallel.cluster.tasks;

import io.vertx.codegen.annotations.ModuleGen;
