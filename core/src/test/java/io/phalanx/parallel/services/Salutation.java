package io.phalanx.parallel.services;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;

/**
 * A parent service registered in three pieces: this interface, {@link SalutationImpl}, and one
 * {@code ParallelConfig.addParentService} line.
 */
@ProxyGen
@VertxGen
public interface Salutation {

  String ADDRESS = "test.services.salutation";

  /** The configured greeting, then the name. */
  Future<String> salute(String name);

  /** "pid thread" of the call in the parent. */
  Future<String> where();
}
