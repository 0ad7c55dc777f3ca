package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.DispatchStrategy;
import io.phalanx.parallel.impl.pool.RoundRobinDispatcherTest.FakeTarget;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeastMailboxDispatcherTest {

  private static List<Integer> select(Dispatcher dispatcher, List<FakeTarget> targets, int times) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      chosen.add(dispatcher.select(targets));
    }
    return chosen;
  }

  @Test
  void theLeastLoadedTargetIsChosen() {
    List<FakeTarget> targets = List.of(new FakeTarget(true, 3), new FakeTarget(true, 1), new FakeTarget(true, 2));

    assertThat(select(new LeastMailboxDispatcher(), targets, 5)).containsOnly(1);
  }

  @Test
  void fullTargetIsNeverChosen() {
    List<FakeTarget> targets = List.of(new FakeTarget(false, 0), new FakeTarget(true, 5), new FakeTarget(true, 7));

    assertThat(select(new LeastMailboxDispatcher(), targets, 5)).containsOnly(1);
  }

  @Test
  void minusOneWhenNoTargetCanAccept() {
    List<FakeTarget> targets = List.of(new FakeTarget(false, 0), new FakeTarget(false, 0));
    LeastMailboxDispatcher dispatcher = new LeastMailboxDispatcher();

    assertThat(select(dispatcher, targets, 3)).containsOnly(-1);
    assertThat(dispatcher.select(List.of())).isEqualTo(-1);
  }

  @Test
  void equallyLoadedTargetsShareTheWork() {
    List<FakeTarget> targets = List.of(FakeTarget.accepting(), FakeTarget.accepting());

    List<Integer> chosen = select(new LeastMailboxDispatcher(), targets, 4);

    assertThat(chosen).contains(0, 1);
    assertThat(chosen).filteredOn(i -> i == 0).hasSize(2);
  }

  @Test
  void tiesRotateOnlyAmongTheLeastLoaded() {
    List<FakeTarget> targets = List.of(new FakeTarget(true, 0), new FakeTarget(true, 4), new FakeTarget(true, 0));

    List<Integer> chosen = select(new LeastMailboxDispatcher(), targets, 6);

    assertThat(chosen).containsOnly(0, 2).contains(0, 2);
  }

  @Test
  void aBusierFirstTargetLosesToAnIdleSecondOneEveryTime() {
    List<FakeTarget> targets = List.of(new FakeTarget(true, 1), new FakeTarget(true, 0));

    assertThat(select(new LeastMailboxDispatcher(), targets, 6)).containsOnly(1);
  }

  @Test
  void theChoiceFollowsLoadChanges() {
    FakeTarget a = new FakeTarget(true, 0);
    FakeTarget b = new FakeTarget(true, 2);
    List<FakeTarget> targets = List.of(a, b);
    LeastMailboxDispatcher dispatcher = new LeastMailboxDispatcher();
    assertThat(dispatcher.select(targets)).isEqualTo(0);

    a.load = 3;

    assertThat(dispatcher.select(targets)).isEqualTo(1);
  }

  @Test
  void strategyBuildsALeastMailboxDispatcher() {
    assertThat(Dispatcher.of(DispatchStrategy.LEAST_MAILBOX)).isInstanceOf(LeastMailboxDispatcher.class);
  }
}
