package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class EarlyAnswersTest {

  private final FrameCodec codec = new FrameCodec(ProtocolMapper.create());
  private final EarlyAnswers early = new EarlyAnswers(codec, 1024 * 1024);
  private final List<String> answered = new ArrayList<>();
  private final Function<byte[], Runnable> tap = early.newTap();

  private byte[] success(long id, Object result) throws Exception {
    return codec.encode(TaskResponseFrame.success(id, result, 1000));
  }

  private void expect(long id) {
    early.expect(id, result -> answered.add(id + "=" + result));
  }

  /** Feeds a chunk and runs what the tap returns, as the reader thread does after queueing the chunk. */
  private boolean feed(byte[] chunk) {
    Runnable after = tap.apply(chunk);
    if (after == null) {
      return false;
    }
    assertThat(answered).as("nothing is answered before the chunk is queued").isEmpty();
    after.run();
    return true;
  }

  private static byte[] concat(byte[]... parts) {
    byte[] all = new byte[0];
    for (byte[] part : parts) {
      int at = all.length;
      all = Arrays.copyOf(all, at + part.length);
      System.arraycopy(part, 0, all, at, part.length);
    }
    return all;
  }

  @Test
  void anExpectedSuccessIsAnsweredOnceWithItsResult() throws Exception {
    expect(7);

    assertThat(feed(success(7, List.of(1, 2)))).isTrue();
    assertThat(answered).containsExactly("7=[1,2]");

    answered.clear();
    assertThat(feed(success(7, List.of(1, 2)))).as("not twice").isFalse();
    assertThat(answered).isEmpty();
  }

  @Test
  void onlyExpectedTasksAndOnlySuccessesAreAnswered() throws Exception {
    expect(1);
    expect(2);
    byte[] failure = codec.encode(TaskResponseFrame.failure(1,
      new RemoteError("java.lang.IllegalStateException", "no", List.of(), null, 0), -1));

    feed(concat("a stray line\n".getBytes(), success(5, "other"), failure, success(2, "two")));

    assertThat(answered).containsExactly("2=\"two\"");
  }

  @Test
  void aResponseSplitOverChunksIsAnsweredWhenItsLastPartArrives() throws Exception {
    expect(3);
    byte[] line = success(3, "split");

    assertThat(feed(Arrays.copyOfRange(line, 0, 10))).isFalse();
    assertThat(feed(Arrays.copyOfRange(line, 10, line.length))).isTrue();
    assertThat(answered).containsExactly("3=\"split\"");
  }

  @Test
  void aForgottenTaskIsNotAnsweredAndNothingIsReadWhileNoneIsExpected() throws Exception {
    expect(4);
    early.forget(4);

    assertThat(feed(success(4, "late"))).isFalse();
    assertThat(answered).isEmpty();
  }

  @Test
  void aLineBegunInAChunkThatWentByUnreadIsNotMistakenForAResponse() throws Exception {
    byte[] line = success(6, "x");
    // read while nothing was expected: skipped
    feed(Arrays.copyOfRange(line, 0, 20));
    expect(6);

    feed(concat(Arrays.copyOfRange(line, 20, line.length), success(6, "whole")));

    assertThat(answered).containsExactly("6=\"whole\"");
  }

  @Test
  void theCallerGetsTheResultTreeAsDecoded() throws Exception {
    List<JsonNode> results = new ArrayList<>();
    early.expect(9, results::add);

    feed(success(9, java.util.Map.of("k", 1)));

    assertThat(results).hasSize(1);
    assertThat(results.get(0).get("k").intValue()).isEqualTo(1);
  }
}
