package io.phalanx.parallel.impl.client;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.MailboxOverflowException;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.codec.ParallelReplyException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

  private static final String ADDRESS = "test.pool";

  static Stream<Arguments> codes() {
    return Stream.of(
      Arguments.of(FailureCodes.INVALID_TASK, InvalidTaskException.class),
      Arguments.of(FailureCodes.CANCELLED, TaskCancelledException.class),
      Arguments.of(FailureCodes.MAILBOX_FULL, MailboxOverflowException.class),
      Arguments.of(FailureCodes.TASK_FAILED, TaskFailedException.class),
      Arguments.of(FailureCodes.WORKER_CRASHED, WorkerCrashedException.class),
      Arguments.of(FailureCodes.POOL_UNAVAILABLE, PoolUnavailableException.class),
      Arguments.of(FailureCodes.TASK_TIMEOUT, TaskTimeoutException.class));
  }

  @Test
  void theFailureCodesHaveTheirDocumentedValues() {
    assertThat(FailureCodes.INVALID_TASK).isEqualTo(400);
    assertThat(FailureCodes.CANCELLED).isEqualTo(408);
    assertThat(FailureCodes.MAILBOX_FULL).isEqualTo(429);
    assertThat(FailureCodes.TASK_FAILED).isEqualTo(500);
    assertThat(FailureCodes.WORKER_CRASHED).isEqualTo(502);
    assertThat(FailureCodes.POOL_UNAVAILABLE).isEqualTo(503);
    assertThat(FailureCodes.TASK_TIMEOUT).isEqualTo(504);
  }

  @Test
  void aParallelReplyExceptionUnwrapsToTheSameException() {
    TaskTimeoutException original = new TaskTimeoutException("task 7 ran past 100 ms");

    Throwable mapped = Failures.toParallelException(new ParallelReplyException(original), ADDRESS);

    assertThat(mapped).isSameAs(original);
  }

  @Test
  void replyExceptionKeepsRemoteDetails() {
    StackTraceElement[] remote = {new StackTraceElement("com.acme.Job", "run", "Job.java", 42)};
    TaskFailedException original = new TaskFailedException("task failed", "java.lang.IllegalStateException", "boom",
      remote, null);

    Throwable mapped = Failures.toParallelException(new ParallelReplyException(original), ADDRESS);

    assertThat(mapped).isSameAs(original);
    assertThat(((TaskFailedException) mapped).remoteStackTrace()).containsExactly(remote);
  }

  @ParameterizedTest(name = "code {0} -> {1}")
  @MethodSource("codes")
  void aRecipientFailureMapsToTheTypedExceptionOfItsCode(int code, Class<? extends ParallelException> type) {
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, "the message of " + code);

    Throwable mapped = Failures.toParallelException(reply, ADDRESS);

    assertThat(mapped).isExactlyInstanceOf(type).hasMessage("the message of " + code);
    assertThat(((ParallelException) mapped).failureCode()).isEqualTo(code);
  }

  @ParameterizedTest(name = "code {0} round trip through ParallelReplyException")
  @MethodSource("codes")
  void typedExceptionRoundTripsThroughAReply(int code, Class<? extends ParallelException> type) {
    ParallelException typed = (ParallelException) Failures.toParallelException(
      new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, "msg"), ADDRESS);
    ParallelReplyException wrapped = new ParallelReplyException(typed);
    // a plain ReplyException as another cluster member would see it
    ReplyException plain = new ReplyException(wrapped.failureType(), wrapped.failureCode(), wrapped.getMessage());

    Throwable mapped = Failures.toParallelException(plain, ADDRESS);

    assertThat(mapped).isExactlyInstanceOf(type).hasMessage("msg");
  }

  @Test
  void aTaskFailureFromAnotherJvmCarriesOnlyTheMessage() {
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, FailureCodes.TASK_FAILED, "it threw");

    TaskFailedException mapped = (TaskFailedException) Failures.toParallelException(reply, ADDRESS);

    assertThat(mapped.remoteClassName()).isNull();
    assertThat(mapped.remoteMessage()).isNull();
    assertThat(mapped.remoteStackTrace()).isEmpty();
    assertThat(mapped.getCause()).isNull();
  }

  @Test
  void noHandlersMeansUnavailableNamingAddress() {
    ReplyException reply = new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address " + ADDRESS);

    Throwable mapped = Failures.toParallelException(reply, ADDRESS);

    assertThat(mapped).isExactlyInstanceOf(PoolUnavailableException.class).hasMessageContaining(ADDRESS);
    assertThat(((ParallelException) mapped).failureCode()).isEqualTo(FailureCodes.POOL_UNAVAILABLE);
  }

  @Test
  void aReplyTimeoutMeansThePoolIsUnavailable() {
    ReplyException reply = new ReplyException(ReplyFailure.TIMEOUT, "Timed out after waiting 30000(ms) for a reply");

    Throwable mapped = Failures.toParallelException(reply, ADDRESS);

    assertThat(mapped).isExactlyInstanceOf(PoolUnavailableException.class)
      .hasMessageContaining(ADDRESS)
      .hasMessageContaining("30000");
  }

  @Test
  void unknownCodeBecomesPlainParallelException() {
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 418, "I'm a teapot");

    Throwable mapped = Failures.toParallelException(reply, ADDRESS);

    assertThat(mapped).isExactlyInstanceOf(ParallelException.class).hasMessage("I'm a teapot").hasCause(reply);
    assertThat(((ParallelException) mapped).failureCode()).isEqualTo(418);
  }

  @Test
  void aNonReplyExceptionIsReturnedUnchanged() {
    IllegalStateException failure = new IllegalStateException("closed");

    assertThat(Failures.toParallelException(failure, ADDRESS)).isSameAs(failure);
  }

  @Test
  void anAlreadyTypedExceptionIsReturnedUnchanged() {
    WorkerCrashedException failure = new WorkerCrashedException("worker-1 exited");

    assertThat(Failures.toParallelException(failure, ADDRESS)).isSameAs(failure);
  }

  @ParameterizedTest(name = "code {0}")
  @MethodSource("codes")
  void replyExceptionLooksLikeRecipientFailure(int code, Class<? extends ParallelException> type) {
    ParallelException typed = (ParallelException) Failures.toParallelException(
      new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, "failure " + code), ADDRESS);

    ParallelReplyException reply = new ParallelReplyException(typed);

    assertThat(reply.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(reply.failureCode()).isEqualTo(typed.failureCode()).isEqualTo(code);
    assertThat(reply.getMessage()).isEqualTo(typed.getMessage());
    assertThat(reply.exception()).isSameAs(typed);
  }

  @Test
  void replyExceptionKeepsAnUnknownCode() {
    ParallelException typed = new ParallelException("odd", 499);

    ParallelReplyException reply = new ParallelReplyException(typed);

    assertThat(reply.failureCode()).isEqualTo(499);
    assertThat(reply.getMessage()).isEqualTo("odd");
    assertThat(reply.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
  }
}
