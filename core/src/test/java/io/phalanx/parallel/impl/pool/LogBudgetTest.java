package io.phalanx.parallel.impl.pool;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LogBudgetTest {

  private final AtomicLong now = new AtomicLong(5_000_000_000L);

  @Test
  void withoutALimitEveryLineIsLogged() {
    LogBudget budget = new LogBudget(0, now::get);

    for (int i = 0; i < 10_000; i++) {
      assertThat(budget.take()).isTrue();
    }
    assertThat(budget.end()).isZero();
  }

  @Test
  void atMostTheBudgetIsLoggedEachSecondAndTheRestToldOnceItIsOver() {
    LogBudget budget = new LogBudget(3, now::get);

    assertThat(budget.take()).isTrue();
    assertThat(budget.take()).isTrue();
    assertThat(budget.take()).isTrue();
    assertThat(budget.take()).isFalse();
    assertThat(budget.take()).isFalse();
    assertThat(budget.untold()).as("the second is not over").isZero();

    now.addAndGet(LogBudget.WINDOW_NANOS - 1);
    assertThat(budget.take()).isFalse();
    now.addAndGet(1);
    assertThat(budget.take()).isTrue();

    assertThat(budget.untold()).isEqualTo(3);
    assertThat(budget.untold()).as("told once").isZero();
  }

  @Test
  void theEndTellsWhatItsLastSecondLeftOut() {
    LogBudget budget = new LogBudget(1, now::get);
    budget.take();
    budget.take();
    now.addAndGet(LogBudget.WINDOW_NANOS);
    budget.take();
    budget.take();
    budget.take();

    assertThat(budget.end()).isEqualTo(3);
    assertThat(budget.end()).isZero();
    assertThat(budget.untold()).isZero();
  }
}
