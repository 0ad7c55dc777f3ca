package io.phalanx.parallel;

import io.phalanx.parallel.services.Birthplace;
import io.phalanx.parallel.services.Greet;
import io.phalanx.parallel.services.GreetingService;
import io.phalanx.parallel.services.GreetingServiceImpl;
import io.phalanx.parallel.services.LocalBirthplace;
import io.phalanx.parallel.services.Salutation;
import io.phalanx.parallel.services.SalutationImpl;
import io.phalanx.parallel.services.Salute;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services registered in three pieces (a {@code @ProxyGen} interface, its implementation, one line of configuration),
 * called from tasks in real worker JVMs.
 */
class ParentServiceTest extends PoolTestBase {

  private static final long PARENT_PID = ProcessHandle.current().pid();

  @Test
  void threePiecesServeATaskInAWorker() {
    deploy(ParallelConfig.singleWorker().addParentService(Salutation.class, Salutation.ADDRESS, SalutationImpl.class,
      new JsonObject().put("greeting", "good morning")));

    Salute.Answer answer = await(Parallel.create(vertx).inWorker(new Salute("worker")));

    assertThat(answer.salute()).isEqualTo("good morning worker");
    assertThat(answer.where()).startsWith(PARENT_PID + " vert.x-eventloop-thread-");
    assertThat(answer.taskPid()).isNotEqualTo(PARENT_PID);
  }

  @Test
  void aVertxConstructorNeedsNoSettings() {
    deploy(ParallelConfig.singleWorker().addParentService(GreetingService.class, GreetingService.ADDRESS,
      GreetingServiceImpl.class));

    assertThat(await(Parallel.create(vertx).inWorker(new Greet("you")))).isEqualTo("hello you");
  }

  @Test
  void theJsonFormOfTheConfigRegistersTheSame() {
    ParallelConfig config = ParallelConfig.singleWorker()
      .addParentService(new ParentService(Salutation.class, Salutation.ADDRESS, SalutationImpl.class)
        .setConfig(new JsonObject().put("greeting", "hi")))
      .addLocalService(Birthplace.class, Birthplace.class);

    await(vertx.deployVerticle(new SupervisorVerticle(), new DeploymentOptions().setConfig(config.toJson())));

    assertThat(await(Parallel.create(vertx).inWorker(new Salute("json"))).salute()).isEqualTo("hi json");
    long[] birthplace = await(Parallel.create(vertx).inWorker(new LocalBirthplace()));
    assertThat(birthplace[0]).isEqualTo(birthplace[1]).isNotEqualTo(PARENT_PID);
  }

  @Test
  void aBlockingServiceRunsOnAWorkerThread() {
    deploy(ParallelConfig.singleWorker().addParentService(
      new ParentService(Salutation.class, Salutation.ADDRESS, SalutationImpl.class).setBlocking(true)));

    assertThat(await(Parallel.create(vertx).inWorker(new Salute("x"))).where())
      .startsWith(PARENT_PID + " vert.x-worker-thread-");
  }

  @Test
  void aLocalServiceIsBuiltInEachWorker() {
    deploy(ParallelConfig.defaults().setAgents(2).addLocalService(Birthplace.class, Birthplace.class));

    long[] first = await(Parallel.create(vertx).inWorker(new LocalBirthplace()));

    assertThat(first[0]).isEqualTo(first[1]).isNotEqualTo(PARENT_PID);
  }

  /** A test's own implementation, package-private and nested, with a constructor that is not public either. */
  static class Whisper implements Salutation {
    Whisper() {
    }

    @Override
    public io.vertx.core.Future<String> salute(String name) {
      return io.vertx.core.Future.succeededFuture("psst " + name);
    }

    @Override
    public io.vertx.core.Future<String> where() {
      return io.vertx.core.Future.succeededFuture("here");
    }
  }

  @Test
  void aPackagePrivateNestedImplementationWorksToo() {
    deploy(ParallelConfig.singleWorker().addParentService(Salutation.class, Salutation.ADDRESS, Whisper.class));

    assertThat(await(Parallel.create(vertx).inWorker(new Salute("you"))).salute()).isEqualTo("psst you");
  }

  @Test
  void settingsWithoutAConstructorForThemFailTheStart() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker()
      .addParentService(GreetingService.class, GreetingService.ADDRESS, GreetingServiceImpl.class,
        new JsonObject().put("greeting", "hi")))));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("parent service "
      + GreetingService.class.getName() + " has settings, but its implementation class "
      + GreetingServiceImpl.class.getName() + " has no constructor (Vertx, JsonObject) to receive them");
  }

  @Test
  void aConstructorThatThrowsFailsTheStartNamingIt() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker()
      .addParentService(Salutation.class, Salutation.ADDRESS, SalutationImpl.class,
        new JsonObject().put("fail", "no database")))));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class)
      .hasMessageStartingWith("parent service " + Salutation.class.getName() + ": the constructor of "
        + SalutationImpl.class.getName() + " failed: java.lang.IllegalStateException: no database");
  }

  @Test
  void aParentServiceOnThePoolsAddressIsRefused() {
    Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker()
      .addParentService(Salutation.class, ParallelConfig.DEFAULT_ADDRESS + ".x", SalutationImpl.class))));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("ParallelConfig declares parent service " + Salutation.class.getName());
  }
}
