package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Echo;
import io.phalanx.parallel.fixtures.Nothing;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskAllowlist;
import io.phalanx.parallel.task.TaskScope;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskAllowlistTest extends PoolTestBase {

  @Test
  void indexModeRunsOnlyIndexedTasks() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setTaskAllowlist(TaskAllowlist.INDEX));

    assertThat(await(parallel.inWorker(new Add(2, 3)))).isEqualTo(5);
    assertThat(await(parallel.inWorker(new WhoAmI())).workerId()).isEqualTo("worker-0");

    Throwable refused = failureOf(parallel.inWorker(new Nothing()));
    assertThat(refused).isInstanceOf(InvalidTaskException.class)
      .hasMessageContaining(Nothing.class.getName()).hasMessageContaining("task index");
    assertThat(((ParallelException) refused).failureCode()).isEqualTo(400);

    Throwable refusedJson = failureOf(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS,
      new JsonObject().put("task", Echo.class.getName()).put("args", new JsonObject())));
    assertThat(((ReplyException) refusedJson).failureCode()).isEqualTo(400);
    assertThat(await(parallel.inWorker(new Add(1, 1)))).as("the worker serves on").isEqualTo(2);
  }

  @Test
  void packagesModeRunsOnlyAllowedPackages() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setTaskAllowlist(TaskAllowlist.PACKAGES)
      .setAllowedTaskPackages(List.of("io.phalanx.parallel.fixtures")));

    assertThat(await(parallel.inWorker(new Add(2, 3)))).isEqualTo(5);
    Throwable refused = failureOf(parallel.inWorker(new OutsideTask()));
    assertThat(refused).isInstanceOf(InvalidTaskException.class).hasMessageContaining("allowed task package");
  }

  @Test
  void anyTaskIsTheDefault() {
    assertThat(ParallelConfig.defaults().getTaskAllowlist()).isEqualTo(TaskAllowlist.ANY_TASK);
    deploy(ParallelConfig.singleWorker());
    assertThat(await(Parallel.create(vertx).inWorker(new OutsideTask()))).isEqualTo("outside");
  }

  /** A task outside the fixtures package. */
  public record OutsideTask() implements Task<String> {
    @Override
    public String run(TaskScope scope) {
      return "outside";
    }
  }
}
