package io.phalanx.parallel.worker.services;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;

@ProxyGen
@VertxGen
public interface OtherEcho {

  Future<String> echo(String text);
}
