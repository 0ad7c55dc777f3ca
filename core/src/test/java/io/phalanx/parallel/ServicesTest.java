package io.phalanx.parallel;

import io.phalanx.parallel.service.ServiceBundle;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.phalanx.parallel.services.Bundles;
import io.phalanx.parallel.services.CatchFailure;
import io.phalanx.parallel.services.Gather;
import io.phalanx.parallel.services.Greet;
import io.phalanx.parallel.services.GreetingService;
import io.phalanx.parallel.services.LargeCalls;
import io.phalanx.parallel.services.LocalStamp;
import io.phalanx.parallel.services.PidStamp;
import io.phalanx.parallel.services.PokeRogue;
import io.phalanx.parallel.services.RogueService;
import io.phalanx.parallel.services.RoundTrips;
import io.phalanx.parallel.services.SlowCall;
import io.phalanx.parallel.services.Uncaught;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceProxyBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services in the parent, called from tasks in real worker JVMs through the proxies Vert.x Codegen generated; local
 * services built in each worker.
 */
class ServicesTest extends PoolTestBase {

  private static ParallelConfig withTestServices() {
    return ParallelConfig.singleWorker().setServiceBundles(List.of(Bundles.Test.class.getName()));
  }

  private Parallel parallel() {
    return Parallel.create(vertx);
  }

  private JsonObject serviceStats() {
    return await(vertx.eventBus().<JsonObject>request(ParallelConfig.DEFAULT_ADDRESS + ".stats", "")).body()
      .getJsonObject("services");
  }

  /** Calls from a task to a service that lives in the parent. */
  @Nested
  class ParentServices {

    @Test
    void aTaskCallsAParentServiceAndGetsItsAnswer() {
      deploy(withTestServices());

      assertThat(await(parallel().inWorker(new Greet("worker")))).isEqualTo("hello worker");

      JsonObject stats = serviceStats();
      assertThat(stats.getLong("calls")).isEqualTo(1);
      assertThat(stats.getJsonObject("addresses").getLong(GreetingService.ADDRESS)).isEqualTo(1);
    }

    @Test
    void parentServiceRunsInParentTaskInWorker() {
      deploy(withTestServices());

      Map<String, String> report = await(parallel().inWorker(new RoundTrips()));

      assertThat(report.get("pid")).isEqualTo("java.lang.Long " + ProcessHandle.current().pid());
    }

    @Test
    void hundredCallsInFlightAllGetAnswered() {
      deploy(withTestServices());

      List<Integer> answers = await(parallel().inWorker(new Gather(100)));

      assertThat(answers).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
      assertThat(serviceStats().getLong("calls")).isEqualTo(100);
    }

    @Test
    void largeCallsReachTheServiceInTheOrderTheWorkerSentThem() {
      deploy(withTestServices());

      // 100 000 items: about 1.3 MB of JSON per call, decoded off the supervisor's event loop
      List<Object> report = await(parallel().inWorker(new LargeCalls(100_000)));

      assertThat(report).containsExactly(0, 1, 2, 3, 4, 100_000, "item-99999");
      assertThat(serviceStats().getLong("calls")).isEqualTo(6);
    }

    @Test
    void aLargeCallIsSentToItsServiceFromAWorkerThreadNotTheEventLoop() {
      // Vert.x copies a JsonObject body for a receiver in this JVM on the thread that sends it
      deploy(withTestServices());
      List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
      vertx.eventBus().addOutboundInterceptor(delivery -> {
        if (delivery.message().address().equals(GreetingService.ADDRESS)) {
          sent.add((((JsonObject) delivery.body()).encode().length() > 1_000_000 ? "large" : "small")
            + sendingThread());
        }
        delivery.next();
      });

      await(parallel().inWorker(new LargeCalls(100_000)));

      // the first call had none before it; a small one behind a large one on its way waits for it, off the loop too
      assertThat(sent).hasSize(6).startsWith("small on an event loop")
        .filteredOn(call -> call.startsWith("large")).containsOnly("large on a worker thread").hasSize(3);
    }

    @Test
    void argumentTypesRoundTrip() {
      deploy(withTestServices());

      Map<String, String> report = await(parallel().inWorker(new RoundTrips()));

      assertThat(report.get("twice")).isEqualTo("java.lang.Long 42");
      assertThat(report.get("birthday")).isEqualTo(
        "io.phalanx.parallel.services.Person Person{\"name\":\"Ada\",\"age\":37,\"id\":1099511627776}");
      assertThat(report.get("reverse"))
        .isEqualTo("io.vertx.core.json.JsonArray [null,{\"four\":4.5},\"three\",2,1]");
      assertThat(report.get("reverseElements")).isEqualTo("null,JsonObject,String,Long,Integer");
      assertThat(report.get("reverseNestedFloat")).isEqualTo("java.lang.Float 4.5");
      assertThat(new JsonObject(report.get("inspectParentClasses"))).isEqualTo(new JsonObject()
        .put("long", "java.lang.Long").put("int", "java.lang.Integer").put("float", "java.lang.Float")
        .put("text", "java.lang.String"));
      assertThat(report.get("inspectBackLong")).isEqualTo("java.lang.Long 7");
      assertThat(report.get("squares")).isEqualTo("ArrayList [Long, Long, Long] sum 14");
      assertThat(report.get("distinct")).isEqualTo("Set [a, b, c]");
      assertThat(report.get("lengths")).isEqualTo("java.lang.Long {a=1, bb=2}");
      assertThat(report.get("classesOf")).isEqualTo("java.lang.Long,java.lang.Long,java.lang.Long");
      assertThat(report.get("mood")).isEqualTo("io.phalanx.parallel.services.Mood GRUMPY");
      assertThat(report.get("nothing")).isEqualTo("null");
      assertThat(report.get("half")).isEqualTo("java.lang.Float 2.5");
      assertThat(report.get("third")).isEqualTo("java.lang.Double 0.5");
      assertThat(report.get("shortOf")).isEqualTo("java.lang.Short 300");
      assertThat(report.get("byteOf")).isEqualTo("java.lang.Byte -7");
      assertThat(report.get("initial")).isEqualTo("java.lang.Character w");
      assertThat(report.get("isEmpty")).isEqualTo("java.lang.Boolean true");
    }

    @Test
    void failureReachesTaskAsServiceException() {
      deploy(withTestServices());

      assertThat(await(parallel().inWorker(new CatchFailure(418, "I'm a teapot", false))))
        .isEqualTo("ServiceException 418 I'm a teapot");
      // a plain exception in the service arrives the way Vert.x's proxy handler sends it: code -1
      assertThat(await(parallel().inWorker(new CatchFailure(0, "disk full", true))))
        .isEqualTo("ServiceException -1 disk full");
    }

    @Test
    void uncaughtFailureFailsTaskNamingIt() {
      deploy(withTestServices());

      Throwable failure = failureOf(parallel().inWorker(new Uncaught(409, "conflict")));

      assertThat(failure).isInstanceOf(TaskFailedException.class);
      TaskFailedException failed = (TaskFailedException) failure;
      assertThat(failed.remoteClassName()).isEqualTo("io.vertx.serviceproxy.ServiceException");
      assertThat(failed.remoteMessage()).isEqualTo("conflict");
      // the worker serves on
      assertThat(await(parallel().inWorker(new Greet("again")))).isEqualTo("hello again");
    }

    @Test
    void undeclaredAddressIsRefused() {
      AtomicInteger reached = new AtomicInteger();
      vertx.eventBus().consumer(RogueService.ADDRESS, message -> {
        reached.incrementAndGet();
        message.reply("should never get here");
      });
      deploy(withTestServices().addServiceBundle(Bundles.RogueInWorkers.class.getName())
        .addJvmOption("-D" + Bundles.IN_WORKER_PROPERTY + "=true"));

      String answer = await(parallel().inWorker(new PokeRogue()));

      assertThat(answer).startsWith(ServiceFailureCodes.REFUSED + " refused: '" + RogueService.ADDRESS + "'")
        .contains(GreetingService.ADDRESS);
      assertThat(reached).hasValue(0);
      JsonObject stats = serviceStats();
      assertThat(stats.getLong("refused")).isEqualTo(1);
      assertThat(stats.getLong("calls")).isEqualTo(1);
    }

    @Test
    void callPastTimeoutFailsWithTimeoutCode() {
      deploy(withTestServices().setServiceCallTimeout(300));

      String answer = await(parallel().inWorker(new SlowCall(5_000)));

      assertThat(answer).startsWith(ServiceFailureCodes.TIMEOUT + " ").contains(GreetingService.ADDRESS)
        .contains("slow").contains("300 ms");
      assertThat(serviceStats().getLong("failed")).isEqualTo(1);
    }

    @Test
    void blockingTaskWaitsWhileEventLoopRuns() {
      deploy(withTestServices());

      String answer = await(parallel().inWorker(new SlowCall(400)));

      assertThat(answer).startsWith("answered 'slept 400' after ticks ");
      assertThat(Integer.parseInt(answer.substring(answer.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(5);
    }

    @Test
    void cancelInterruptsWaitButKeepsWorker() throws InterruptedException {
      deploy(withTestServices().setCancelGracePeriod(30_000));
      TaskExecution<String> execution = parallel().submit(new SlowCall(60_000));
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (serviceStats().getLong("calls") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(serviceStats().getLong("calls")).as("the call reached the parent").isEqualTo(1);

      long cancelling = System.nanoTime();
      assertThat(await(execution.cancel())).isTrue();

      assertThat((System.nanoTime() - cancelling) / 1_000_000).as("ms to cancel").isLessThan(10_000);
      assertThat(failureOf(execution.result())).isInstanceOf(TaskCancelledException.class);
      JsonObject worker = await(vertx.eventBus().<JsonObject>request(ParallelConfig.DEFAULT_ADDRESS + ".stats", ""))
        .body().getJsonArray("workers").getJsonObject(0);
      assertThat(worker.getInteger("processes")).as("the worker was not replaced").isEqualTo(1);
      assertThat(await(parallel().inWorker(new Greet("after")))).isEqualTo("hello after");
    }
  }

  @Nested
  class LocalServices {

    @Test
    void localServiceIsBuiltInTheWorker() {
      int builtHereBefore = PidStamp.BUILT.get();
      deploy(withTestServices());

      LocalStamp.Report report = await(parallel().inWorker(new LocalStamp()));

      assertThat(report.stampPid()).isEqualTo(report.taskPid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(report.stampThread()).startsWith("vert.x-eventloop-thread");
      assertThat(report.sameInstance()).isTrue();
      assertThat(serviceStats().getLong("calls")).isZero();
      // local services are built in every process: the parent built its own when the supervisor started
      assertThat(PidStamp.BUILT.get()).isEqualTo(builtHereBefore + 1);
    }
  }

  /** Binding the services, and the bundles that fail a deployment. */
  @Nested
  class Deployment {

    @Test
    void supervisorBindsWhileRunningUnbindsOnStop() {
      String id = deploy(withTestServices());
      GreetingService inParent = new ServiceProxyBuilder(vertx).setAddress(GreetingService.ADDRESS)
        .build(GreetingService.class);

      assertThat(await(inParent.greet("parent"))).isEqualTo("hello parent");

      await(vertx.undeploy(id));
      Throwable failure = failureOf(inParent.greet("again"));
      assertThat(failure).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    }

    @Test
    void aJsonConfigurationNamesTheBundlesToo() {
      await(vertx.deployVerticle(new SupervisorVerticle(), new DeploymentOptions().setConfig(
        ParallelConfig.singleWorker().toJson().put("serviceBundles", new io.vertx.core.json.JsonArray()
          .add(Bundles.Test.class.getName())))));

      assertThat(await(parallel().inWorker(new Greet("json")))).isEqualTo("hello json");
    }

    @Test
    void anUnknownBundleClassFailsTheDeploymentNamingIt() {
      Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(
        ParallelConfig.singleWorker().addServiceBundle("com.example.NoSuchBundle"))));

      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("com.example.NoSuchBundle").hasMessageContaining("not found");
    }

    @Test
    void nonBundleClassFailsDeploymentNamingIt() {
      Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(
        ParallelConfig.singleWorker().addServiceBundle(String.class.getName()))));

      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String").hasMessageContaining("does not implement " + ServiceBundle.class.getName());
    }

    @Test
    void serviceOnPoolAddressFailsDeployment() {
      Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(
        ParallelConfig.singleWorker().addServiceBundle(Bundles.OnThePoolAddress.class.getName()))));

      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phalanx.parallel.worker.0").hasMessageContaining("belongs to the pool");
    }

    @Test
    void bundleFailingInWorkerFailsDeploymentSayingWhy() {
      Throwable failure = failureOf(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.singleWorker()
        .addServiceBundle(Bundles.FailsInWorkers.class.getName())
        .addJvmOption("-D" + Bundles.IN_WORKER_PROPERTY + "=true"))));

      assertThat(failure).hasMessageContaining("could not start")
        .hasMessageContaining("cannot start the worker runtime")
        .hasMessageContaining(Bundles.FailsInWorkers.class.getName())
        .hasMessageContaining("no licence for this machine");
      // the parent services of a failed deployment are unbound again
      Throwable call = failureOf(new ServiceProxyBuilder(vertx).setAddress(GreetingService.ADDRESS)
        .build(GreetingService.class).greet("nobody"));
      assertThat(((ReplyException) call).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    }
  }
}
