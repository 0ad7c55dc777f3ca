package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.DispatchStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoundRobinDispatcherTest {

  /** A worker as a dispatcher sees it; both properties can be changed between selections. */
  static final class FakeTarget implements DispatchTarget {
    boolean accepting;
    int load;

    FakeTarget(boolean accepting, int load) {
      this.accepting = accepting;
      this.load = load;
    }

    static FakeTarget accepting() {
      return new FakeTarget(true, 0);
    }

    static FakeTarget refusing() {
      return new FakeTarget(false, 0);
    }

    @Override
    public boolean canAccept() {
      return accepting;
    }

    @Override
    public int load() {
      return load;
    }
  }

  private static List<Integer> select(Dispatcher dispatcher, List<FakeTarget> targets, int times) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      chosen.add(dispatcher.select(targets));
    }
    return chosen;
  }

  @Test
  void targetsAreVisitedInTurn() {
    List<FakeTarget> targets = List.of(FakeTarget.accepting(), FakeTarget.accepting(), FakeTarget.accepting());

    assertThat(select(new RoundRobinDispatcher(), targets, 7)).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void targetsThatCannotAcceptAreSkipped() {
    List<FakeTarget> targets = List.of(FakeTarget.accepting(), FakeTarget.refusing(), FakeTarget.accepting());

    assertThat(select(new RoundRobinDispatcher(), targets, 4)).containsExactly(0, 2, 0, 2);
  }

  @Test
  void theTurnContinuesAfterTheTargetLastChosen() {
    FakeTarget a = FakeTarget.accepting();
    FakeTarget b = FakeTarget.accepting();
    FakeTarget c = FakeTarget.accepting();
    List<FakeTarget> targets = List.of(a, b, c);
    RoundRobinDispatcher dispatcher = new RoundRobinDispatcher();
    assertThat(dispatcher.select(targets)).isEqualTo(0);

    b.accepting = false;
    assertThat(dispatcher.select(targets)).isEqualTo(2);

    b.accepting = true;
    assertThat(dispatcher.select(targets)).isEqualTo(0);
    assertThat(dispatcher.select(targets)).isEqualTo(1);
  }

  @Test
  void loadIsIgnored() {
    List<FakeTarget> targets = List.of(new FakeTarget(true, 50), new FakeTarget(true, 0));

    assertThat(select(new RoundRobinDispatcher(), targets, 4)).containsExactly(0, 1, 0, 1);
  }

  @Test
  void minusOneWhenNoTargetCanAccept() {
    List<FakeTarget> targets = List.of(FakeTarget.refusing(), FakeTarget.refusing());
    RoundRobinDispatcher dispatcher = new RoundRobinDispatcher();

    assertThat(dispatcher.select(targets)).isEqualTo(-1);
    assertThat(dispatcher.select(List.of())).isEqualTo(-1);
  }

  @Test
  void aTargetThatCanAcceptAgainIsChosenAfterAllWereFull() {
    FakeTarget a = FakeTarget.refusing();
    FakeTarget b = FakeTarget.refusing();
    List<FakeTarget> targets = List.of(a, b);
    RoundRobinDispatcher dispatcher = new RoundRobinDispatcher();
    assertThat(dispatcher.select(targets)).isEqualTo(-1);

    b.accepting = true;

    assertThat(dispatcher.select(targets)).isEqualTo(1);
  }

  @Test
  void tenSelectionsSplitFiveAndFive() {
    List<FakeTarget> targets = List.of(FakeTarget.accepting(), FakeTarget.accepting());

    List<Integer> chosen = select(new RoundRobinDispatcher(), targets, 10);

    assertThat(chosen).filteredOn(i -> i == 0).hasSize(5);
    assertThat(chosen).filteredOn(i -> i == 1).hasSize(5);
  }

  @Test
  void theRoundRobinStrategyBuildsARoundRobinDispatcher() {
    assertThat(Dispatcher.of(DispatchStrategy.ROUND_ROBIN)).isInstanceOf(RoundRobinDispatcher.class);
  }
}
