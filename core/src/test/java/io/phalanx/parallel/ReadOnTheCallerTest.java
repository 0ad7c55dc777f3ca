package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.ReadWhere;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client reads what a task sends it (its result, its progress updates) on the caller's context: a large value on a
 * worker thread of that context, whose event loop serves the caller's own handlers and may serve the supervisor too.
 */
class ReadOnTheCallerTest extends PoolTestBase {

  @BeforeEach
  void forgetEarlierReads() {
    ReadWhere.READ.clear();
  }

  @Test
  void aLargeResultIsReadOffTheCallersEventLoopAndASmallOneOnIt() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());

    assertThat(await(parallel.inWorker(new ReadWhere(300_000, 0))).text()).hasSize(300_000);
    assertThat(await(parallel.inWorker(new ReadWhere(3, 0))).text()).isEqualTo("rrr");
    assertThat(await(parallel.submit(new ReadWhere(300_000, 0)).result()).text()).hasSize(300_000);

    assertThat(ReadWhere.READ).containsExactly("0:300000 on another thread", "0:3 on an event loop",
      "0:300000 on another thread");
  }

  @Test
  void aResultOverTheEventBusIsReadTheSameWay() {
    // two pools on one address: the client leaves the choice to the event bus instead of handing tasks over directly
    deploy(ParallelConfig.singleWorker());
    Parallel parallel = deployPool(ParallelConfig.singleWorker());

    assertThat(await(parallel.inWorker(new ReadWhere(300_000, 0))).text()).hasSize(300_000);
    assertThat(await(parallel.inWorker(new ReadWhere(2, 0), new TaskOptions().setTimeout(30_000))).text())
      .isEqualTo("rr");

    assertThat(ReadWhere.READ).containsExactly("0:300000 on another thread", "0:2 on an event loop");
  }

  @Test
  void largeUpdatesAreReadAsideAndStillHandedOverInOrderBeforeTheResult() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());
    List<Integer> handed = new CopyOnWriteArrayList<>();
    List<Integer> handedBeforeResult = new CopyOnWriteArrayList<>();

    TaskExecution<ReadWhere.Noted> execution = parallel.submit(new ReadWhere(300_000, 5));
    execution.progressHandler(ReadWhere.Noted.class, update -> handed.add(update.seq()));
    Future<ReadWhere.Noted> result = execution.result().andThen(ar -> handedBeforeResult.addAll(handed));

    assertThat(await(result).text()).hasSize(300_000);
    assertThat(handed).containsExactly(1, 2, 3, 4, 5);
    assertThat(handedBeforeResult).containsExactly(1, 2, 3, 4, 5);
    assertThat(ReadWhere.READ).containsExactly("1:300000 on another thread", "2:1 on an event loop",
      "3:300000 on another thread", "4:1 on an event loop", "5:300000 on another thread",
      "0:300000 on another thread");
  }

  @Test
  void updatesThatDoNotFitTheHandlersTypeAreReportedAndHoldNothingBack() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    vertx.exceptionHandler(reported::add);
    List<Integer> handed = new CopyOnWriteArrayList<>();

    TaskExecution<ReadWhere.Noted> execution = parallel.submit(new ReadWhere(300_000, 3));
    execution.progressHandler(Integer.class, handed::add);

    assertThat(await(execution.result()).text()).hasSize(300_000);
    assertThat(handed).isEmpty();
    assertThat(reported).hasSize(3);
  }
}
