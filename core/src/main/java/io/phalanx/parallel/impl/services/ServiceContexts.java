package io.phalanx.parallel.impl.services;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.phalanx.parallel.worker.ServiceDeclarations;
import io.vertx.core.ThreadingModel;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contexts the parent services of a pool run on: one per service bundle and one per service registered by itself,
 * never the supervisor's. A bundle (or a registration) whose services block gets a worker context (its calls run one at
 * a time on worker threads); any other an event-loop context on an event loop other than the supervisor's, so that even
 * a service that blocks by mistake leaves dispatch and supervision alone.
 */
final class ServiceContexts {

  private final VertxInternal vertx;
  private final ContextInternal supervisor;
  private final Map<String, ContextInternal> byBundle = new HashMap<>();

  ServiceContexts(VertxInternal vertx, ContextInternal supervisor) {
    this.vertx = vertx;
    this.supervisor = supervisor;
  }

  /** The context of a parent service's bundle (or of the service alone), created on first use. */
  ContextInternal of(ServiceDeclarations.Parent<?> parent) {
    return byBundle.computeIfAbsent(parent.group(), group -> create(parent.blocking()));
  }

  private ContextInternal create(boolean blocking) {
    if (!blocking) {
      EventLoop other = otherEventLoop();
      if (other != null) {
        return vertx.contextBuilder().withEventLoop(other).withClassLoader(supervisor.classLoader()).build();
      }
    }
    // blocking, or a Vert.x with a single event loop: worker threads
    return vertx.contextBuilder().withThreadingModel(ThreadingModel.WORKER).withClassLoader(supervisor.classLoader())
      .build();
  }

  /** An event loop of Vert.x that is not the supervisor's, a different one for each bundle in turn; {@code null}
   * when Vert.x has only one. */
  private EventLoop otherEventLoop() {
    EventLoop mine = supervisor.nettyEventLoop();
    List<EventLoop> others = new ArrayList<>();
    for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
      if (executor != mine && executor instanceof EventLoop loop) {
        others.add(loop);
      }
    }
    return others.isEmpty() ? null : others.get(byBundle.size() % others.size());
  }
}
