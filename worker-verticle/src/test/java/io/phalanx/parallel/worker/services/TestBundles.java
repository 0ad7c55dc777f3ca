package io.phalanx.parallel.worker.services;

import io.phalanx.parallel.service.ServiceBundle;
import io.phalanx.parallel.service.ServiceRegistry;

/**
 * Service bundles, good and bad.
 */
public final class TestBundles {

  private TestBundles() {
  }

  public static class Echo implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.parent(EchoService.class, EchoService.ADDRESS, vertx -> new EchoServiceImpl());
    }
  }

  public static class Local implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.local(Stamp.class, vertx -> Stamp.here());
    }
  }

  public static class NotABundle {
  }

  public abstract static class Abstract implements ServiceBundle {
  }

  public static class NoDefaultConstructor implements ServiceBundle {
    public NoDefaultConstructor(String name) {
    }

    @Override
    public void register(ServiceRegistry registry) {
    }
  }

  public static class ThrowingConstructor implements ServiceBundle {
    public ThrowingConstructor() {
      throw new IllegalStateException("no database configured");
    }

    @Override
    public void register(ServiceRegistry registry) {
    }
  }

  public static class ThrowingRegister implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      throw new IllegalStateException("cannot register");
    }
  }

  public static class ThrowingFactory implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.local(Stamp.class, vertx -> {
        throw new IllegalStateException("factory broke");
      });
    }
  }

  public static class Duplicate implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.local(Stamp.class, vertx -> Stamp.here());
      registry.local(Stamp.class, vertx -> Stamp.here());
    }
  }

  public static class ParentClass implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.parent(EchoServiceImpl.class, "impl", vertx -> new EchoServiceImpl());
    }
  }

  public static class Unproxied implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.parent(NotProxied.class, "not.proxied", vertx -> () -> null);
    }
  }

  public static class BlankAddress implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.parent(EchoService.class, " ", vertx -> new EchoServiceImpl());
    }
  }

  /** Uses the address of {@link Echo}'s service for another service. */
  public static class SameAddress implements ServiceBundle {
    @Override
    public void register(ServiceRegistry registry) {
      registry.parent(OtherEcho.class, EchoService.ADDRESS, vertx -> null);
    }
  }
}
