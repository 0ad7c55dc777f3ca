package io.phalanx.parallel.cluster.tasks;

import io.phalanx.parallel.service.ServiceBundle;
import io.phalanx.parallel.service.ServiceRegistry;
import io.vertx.core.Future;

/** Binds {@link NodeNameService} in each node's parent, answering that node's name. */
public class NodeServices implements ServiceBundle {

  @Override
  public void register(ServiceRegistry registry) {
    registry.parent(NodeNameService.class, NodeNameService.ADDRESS, vertx -> {
      String node = System.getProperty("phalanx.node");
      return () -> Future.succeededFuture(node);
    });
  }
}
