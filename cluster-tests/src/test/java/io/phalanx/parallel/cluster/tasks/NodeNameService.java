package io.phalanx.parallel.cluster.tasks;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;

/** A parent service that every node binds on the same address; each answers with its own node's name. */
@ProxyGen
@VertxGen
public interface NodeNameService {

  String ADDRESS = "test.cluster.node-name";

  Future<String> name();
}
