package io.phalanx.parallel.worker.services;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;

/**
 * A parent service of the worker tests: the tests play the parent and answer its calls themselves.
 */
@ProxyGen
@VertxGen
public interface EchoService {

  String ADDRESS = "test.echo";

  Future<String> echo(String text);

  Future<Long> length(String text);
}
