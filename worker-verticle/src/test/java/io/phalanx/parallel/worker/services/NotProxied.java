package io.phalanx.parallel.worker.services;

import io.vertx.core.Future;

/**
 * An interface that Vert.x Codegen did not process: no proxy exists for it.
 */
public interface NotProxied {

  Future<String> hello();
}
