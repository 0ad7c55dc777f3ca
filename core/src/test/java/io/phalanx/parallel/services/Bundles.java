package io.phalanx.parallel.services;

import io.phalanx.parallel.service.ServiceBundle;
import io.phalanx.parallel.service.ServiceRegistry;

/**
 * The service bundles of the functional tests.
 */
public final class Bundles {

  /** Set (with {@code -D}) in the worker JVMs only, by the tests that need a worker to differ from its parent. */
  public static final String IN_WORKER_PROPERTY = "phalanx.test.inWorker";

  private Bundles() {
  }

  private static boolean inWorker() {
    return Boolean.getBoolean(IN_WORKER_PROPERTY);
  }

  /** The greeting service in the parent, and a local service in every process. */
  public static class Test implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.local(PidStamp.class, vertx -> PidStamp.here());
      registry.parent(GreetingService.class, GreetingService.ADDRESS, GreetingServiceImpl::new);
    }
  }

  /** The greeting service, declared blocking: its calls run on a worker context of their own in the parent. */
  public static class Blocking implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.parent(GreetingService.class, GreetingService.ADDRESS, GreetingServiceImpl::new);
    }

    @Override
    public boolean blocking() {
      return true;
    }
  }

  /**
   * Declares the rogue service in the workers only, as a worker with another version of the bundle on its class path
   * would: the parent does not know its address and must refuse it.
   */
  public static class RogueInWorkers implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      if (inWorker()) {
        registry.parent(RogueService.class, RogueService.ADDRESS, vertx -> () -> null);
      }
    }
  }

  /** A local service whose factory fails in the workers only. */
  public static class FailsInWorkers implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.local(PidStamp.class, vertx -> {
        if (inWorker()) {
          throw new IllegalStateException("no licence for this machine");
        }
        return PidStamp.here();
      });
    }
  }

  /** Puts a parent service on the pool's own address. */
  public static class OnThePoolAddress implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.parent(RogueService.class, "phalanx.parallel.worker.0", vertx -> () -> null);
    }
  }
}
