package io.phalanx.parallel.services;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;

/**
 * A parent service that only the workers' copy of {@link Bundles.RogueInWorkers} declares: the parent never allows
 * its address.
 */
@ProxyGen
@VertxGen
public interface RogueService {

  String ADDRESS = "test.services.rogue";

  Future<String> poke();
}
