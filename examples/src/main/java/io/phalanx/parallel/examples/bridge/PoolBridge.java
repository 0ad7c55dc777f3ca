package io.phalanx.parallel.examples.bridge;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.task.TaskAllowlist;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;

import java.util.List;

/**
 * A pool and a TCP event-bus bridge in front of it that lets clients in any language send tasks, and nothing else.
 * <p>
 * The bridge permits inbound messages to the pool's task address only: {@code <address>.worker.<n>},
 * {@code <address>.cancel}, {@code <address>.stats} and every other address of the event bus are refused with an
 * {@code access_denied} error frame before anything is sent. No outbound address is permitted: a client can register
 * on nothing (not even {@code <address>.events}). It needs none to get its answers: the Vert.x 5 bridge writes the
 * reply to a client's request (or its failure, with the failure code) straight back on that client's socket, under
 * the {@code replyAddress} the client chose, without an event-bus address of its own.
 * <p>
 * The pool itself admits only the task classes of this package ({@link TaskAllowlist#PACKAGES}): whoever can reach
 * the bridge chooses the class name, and a request naming any other class is refused with 400 before it is loaded.
 */
public final class PoolBridge {

  private final Vertx vertx;
  private final String deployment;
  private final TcpEventBusBridge bridge;
  private final String host;
  private final int port;

  private PoolBridge(Vertx vertx, String deployment, TcpEventBusBridge bridge, String host, int port) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.bridge = bridge;
    this.host = host;
    this.port = port;
  }

  /** The bridge's options: inbound to the task address only, no outbound address. */
  public static BridgeOptions options(String address) {
    return new BridgeOptions().addInboundPermitted(new PermittedOptions().setAddress(address));
  }

  /**
   * Deploys a pool of {@code workers} on {@code address}, then the bridge on {@code host:port}.
   */
  public static Future<PoolBridge> start(Vertx vertx, String address, int workers, String host, int port) {
    ParallelConfig config = ParallelConfig.defaults()
      .setAgents(workers)
      .setAddress(address)
      .setTaskAllowlist(TaskAllowlist.PACKAGES)
      .setAllowedTaskPackages(List.of(PrimeCount.class.getPackageName()));
    return vertx.deployVerticle(new SupervisorVerticle(config)).compose(deployment ->
      TcpEventBusBridge.create(vertx, options(address)).listen(port, host)
        .map(bridge -> new PoolBridge(vertx, deployment, bridge, host, port))
        // a port already taken: the pool goes again, so that nothing is left running
        .recover(e -> vertx.undeploy(deployment).transform(v -> Future.failedFuture(e))));
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Closes the bridge, then undeploys the pool (which drains it and waits for its workers to exit). */
  public Future<Void> stop() {
    return bridge.close().transform(closed -> vertx.undeploy(deployment));
  }
}
