package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Holder;
import io.phalanx.parallel.fixtures.WithRunnable;
import io.phalanx.parallel.impl.codec.TaskMessageCodec;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidTaskTest extends PoolTestBase {

  private Parallel parallel;

  @BeforeEach
  void startPool() {
    parallel = deployPool(ParallelConfig.singleWorker());
  }

  @Test
  void aLambdaIsRefusedBeforeDispatch() {
    Task<Integer> lambda = scope -> 42;
    Throwable failure = failureOf(parallel.inWorker(lambda));
    assertThat(failure).isInstanceOf(InvalidTaskException.class).hasMessageContaining("lambda");
    assertThat(((ParallelException) failure).failureCode()).isEqualTo(400);
  }

  @Test
  void aMethodReferenceIsRefusedBeforeDispatch() {
    Task<String> reference = TaskScope::workerId;
    assertThat(failureOf(parallel.inWorker(reference))).isInstanceOf(InvalidTaskException.class);
  }

  @Test
  void anAnonymousTaskIsRefusedBeforeDispatch() {
    Task<Integer> anonymous = new Task<>() {
      @Override
      public Integer run(TaskScope scope) {
        return 1;
      }
    };
    Throwable failure = failureOf(parallel.inWorker(anonymous));
    assertThat(failure).isInstanceOf(InvalidTaskException.class)
      .hasMessageContaining(anonymous.getClass().getName()).hasMessageContaining("anonymous");
  }

  @Test
  void aLocalClassAndANonStaticInnerClassAreRefused() {
    record Local() implements Task<Integer> {
      @Override
      public Integer run(TaskScope scope) {
        return 1;
      }
    }
    assertThat(failureOf(parallel.inWorker(new Local()))).isInstanceOf(InvalidTaskException.class)
      .hasMessageContaining("local class");
    assertThat(failureOf(parallel.inWorker(new Inner()))).isInstanceOf(InvalidTaskException.class)
      .hasMessageContaining("inner class");
  }

  @Test
  void aFieldHoldingAClosureIsRefusedNamingTheField() {
    Throwable failure = failureOf(parallel.inWorker(new WithRunnable(() -> { })));
    assertThat(failure).isInstanceOf(InvalidTaskException.class)
      .hasMessageContaining(WithRunnable.class.getName()).hasMessageContaining("'action'");
  }

  @Test
  void stateJacksonCannotCarryIsRefusedNamingTheField() {
    Runnable closure = () -> { };
    Throwable failure = failureOf(parallel.inWorker(new Holder(closure)));
    assertThat(failure).isInstanceOf(InvalidTaskException.class)
      .hasMessageContaining(Holder.class.getName()).hasMessageContaining("value");
  }

  @Test
  void aLambdaSentStraightOnTheEventBusIsRefusedWith400() {
    Task<Integer> lambda = scope -> 42;
    Throwable failure = failureOf(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS, lambda,
      new DeliveryOptions().setCodecName(TaskMessageCodec.NAME)));
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
  }

  @Test
  void jsonRequestRunsNamedTaskAndAnswersJson() {
    JsonObject request = new JsonObject().put("task", Add.class.getName())
      .put("args", new JsonObject().put("a", 40).put("b", 2));
    Object reply = await(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS, request)).body();
    assertThat(reply).isEqualTo(new JsonObject().put("result", 42));
  }

  @Test
  void jsonNamingNonTaskOrUnknownClassFailsWith400() {
    for (String className : List.of("java.lang.ProcessBuilder", "java.util.HashMap", "com.example.NoSuchTask")) {
      JsonObject request = new JsonObject().put("task", className).put("args", new JsonObject());
      Throwable failure = failureOf(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS, request));
      assertThat(failure).as(className).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) failure).failureCode()).as(className).isEqualTo(400);
      assertThat(failure.getMessage()).as(className).contains(className);
    }
  }

  @Test
  void jsonArgumentsTheTaskCannotBeBuiltFromFailWith400() {
    JsonObject request = new JsonObject().put("task", Add.class.getName())
      .put("args", new JsonObject().put("a", "not a number"));
    Throwable failure = failureOf(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS, request));
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
    assertThat(failure.getMessage()).contains(Add.class.getName());
  }

  @Test
  void requestNeitherTaskNorJsonFailsWith400() {
    Throwable failure = failureOf(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS, "add 2 and 3"));
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
  }

  /** Non-static on purpose. */
  class Inner implements Task<Integer> {
    @Override
    public Integer run(TaskScope scope) {
      return 1;
    }
  }
}
