package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailboxTest {

  private static final TaskOutcome IGNORED = new TaskOutcome() {
    @Override
    public void succeeded(TaskValue result) {
    }

    @Override
    public void failed(ParallelException failure) {
    }
  };

  private static PendingTask task(long id) {
    return new PendingTask(id, "cls", new byte[0], 0, IGNORED);
  }

  @Test
  void tasksComeOutInTheOrderTheyWentIn() {
    Mailbox mailbox = new Mailbox(10);
    PendingTask first = task(1);
    PendingTask second = task(2);
    PendingTask third = task(3);

    assertThat(mailbox.offer(first)).isTrue();
    assertThat(mailbox.offer(second)).isTrue();
    assertThat(mailbox.offer(third)).isTrue();

    assertThat(mailbox.poll()).isSameAs(first);
    assertThat(mailbox.poll()).isSameAs(second);
    assertThat(mailbox.poll()).isSameAs(third);
    assertThat(mailbox.poll()).isNull();
  }

  @Test
  void sizeCountsTheWaitingTasks() {
    Mailbox mailbox = new Mailbox(5);
    assertThat(mailbox.size()).isZero();
    assertThat(mailbox.limit()).isEqualTo(5);

    mailbox.offer(task(1));
    mailbox.offer(task(2));
    assertThat(mailbox.size()).isEqualTo(2);

    mailbox.poll();
    assertThat(mailbox.size()).isEqualTo(1);
  }

  @Test
  void aFullMailboxRefusesAndKeepsItsSize() {
    Mailbox mailbox = new Mailbox(2);
    mailbox.offer(task(1));
    mailbox.offer(task(2));
    assertThat(mailbox.isFull()).isTrue();

    assertThat(mailbox.offer(task(3))).isFalse();

    assertThat(mailbox.size()).isEqualTo(2);
    assertThat(mailbox.drainAll()).extracting(PendingTask::id).containsExactly(1L, 2L);
  }

  @Test
  void aMailboxAcceptsAgainOnceATaskLeaves() {
    Mailbox mailbox = new Mailbox(1);
    mailbox.offer(task(1));
    assertThat(mailbox.offer(task(2))).isFalse();

    mailbox.poll();

    assertThat(mailbox.isFull()).isFalse();
    assertThat(mailbox.offer(task(3))).isTrue();
    assertThat(mailbox.poll().id()).isEqualTo(3L);
  }

  @Test
  void aMailboxWithLimitZeroRefusesEverything() {
    Mailbox mailbox = new Mailbox(0);

    assertThat(mailbox.isFull()).isTrue();
    assertThat(mailbox.offer(task(1))).isFalse();
    assertThat(mailbox.size()).isZero();
    assertThat(mailbox.poll()).isNull();
  }

  @Test
  void drainAllReturnsOldestFirstAndEmpties() {
    Mailbox mailbox = new Mailbox(10);
    for (long id = 1; id <= 4; id++) {
      mailbox.offer(task(id));
    }
    mailbox.poll();

    List<PendingTask> drained = mailbox.drainAll();

    assertThat(drained).extracting(PendingTask::id).containsExactly(2L, 3L, 4L);
    assertThat(mailbox.size()).isZero();
    assertThat(mailbox.poll()).isNull();
    assertThat(mailbox.drainAll()).isEmpty();
  }

  @Test
  void drainAllHandsBackAListIndependentOfTheMailbox() {
    Mailbox mailbox = new Mailbox(10);
    mailbox.offer(task(1));
    List<PendingTask> drained = mailbox.drainAll();

    mailbox.offer(task(2));

    assertThat(drained).extracting(PendingTask::id).containsExactly(1L);
  }

  @Test
  void aNegativeLimitIsRejected() {
    assertThatThrownBy(() -> new Mailbox(-1))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("-1");
  }
}
