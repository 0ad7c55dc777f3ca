package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Kaboom;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.testing.PoolTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapTest extends PoolTestBase {

  @Test
  void mapKeepsItemOrderAndRunsAtMostLimit() {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(4));
    List<Integer> items = IntStream.range(0, 12).boxed().collect(Collectors.toList());

    // later items sleep less, so completion order differs from item order
    List<Sleep.Span> spans = await(parallel.map(items, i -> new Sleep(400 - i * 25L, "item-" + i), 3));

    assertThat(spans).extracting(Sleep.Span::tag)
      .containsExactlyElementsOf(items.stream().map(i -> "item-" + i).collect(Collectors.toList()));
    assertThat(Sleep.Span.maxRunningAtOnce(spans)).isLessThanOrEqualTo(3).isGreaterThanOrEqualTo(2);
  }

  @Test
  void mapOfNothingIsEmpty() {
    deploy(ParallelConfig.singleWorker());
    List<Integer> results = await(Parallel.create(vertx).map(List.<Integer>of(), i -> new Add(i, i), 2));
    assertThat(results).isEmpty();
  }

  @Test
  void aFailingItemFailsTheMap() {
    deploy(ParallelConfig.defaults().setAgents(2));
    Throwable failure = failureOf(Parallel.create(vertx).map(List.of(1, 2, 3),
      i -> (Task<String>) (i == 2 ? new Kaboom("item " + i) : new Kaboom.Quiet("ok " + i)), 2));
    assertThat(failure).isInstanceOf(TaskFailedException.class).hasMessageContaining("item 2");
  }

  @Test
  void aLimitBelowOneIsRefused() {
    deploy(ParallelConfig.singleWorker());
    assertThatThrownBy(() -> await(Parallel.create(vertx).map(List.of(1), i -> new Add(i, i), 0)))
      .hasMessageContaining("limit");
  }


}
