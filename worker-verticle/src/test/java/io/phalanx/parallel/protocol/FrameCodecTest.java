package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.phalanx.parallel.fixtures.Person;
import io.phalanx.parallel.fixtures.Point;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class FrameCodecTest {

  private final ObjectMapper mapper = ProtocolMapper.create();
  private final FrameCodec codec = new FrameCodec(mapper);

  /** A task argument made of one string, to size frames precisely. */
  record Text(String text) {
  }

  private Frame roundTrip(Frame frame) throws IOException, ProtocolException {
    return codec.decode(codec.encode(frame));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static RemoteError sampleError() {
    RemoteError root = new RemoteError("java.io.IOException", null, List.of(
      new RemoteError.StackFrame("java.io.FileInputStream", "open0", null, -2)), null, 0);
    RemoteError middle = new RemoteError("java.lang.IllegalArgumentException", "bad input", List.of(
      new RemoteError.StackFrame("com.acme.Parser", "parse", "Parser.java", 42)), root, 0);
    return new RemoteError("io.phalanx.parallel.worker.TaskInstantiator$InvalidTaskFrameException",
      "cannot build com.acme.Task", List.of(
      new RemoteError.StackFrame("com.acme.Task", "run", "Task.java", 7),
      new RemoteError.StackFrame("io.phalanx.parallel.worker.TaskRunner", "run", "TaskRunner.java", 99)),
      middle, RemoteError.CODE_INVALID_TASK);
  }

  @Nested
  class RoundTrips {

    @Test
    void readyFrameKeepsPidProtocolAndWorkerId() throws Exception {
      ReadyFrame ready = new ReadyFrame(12345L, FrameCodec.PROTOCOL_VERSION, "worker-3");

      assertThat(roundTrip(ready)).isEqualTo(ready);
      assertThat(text(codec.encode(ready)))
        .isEqualTo("{\"type\":\"ready\",\"pid\":12345,\"protocol\":2,\"worker\":\"worker-3\"}\n");
    }

    @Test
    void heartbeatIsItsTypeAlone() throws Exception {
      assertThat(roundTrip(HeartbeatFrame.INSTANCE)).isEqualTo(HeartbeatFrame.INSTANCE);
      assertThat(text(codec.encode(HeartbeatFrame.INSTANCE))).isEqualTo("{\"type\":\"heartbeat\"}\n");
    }

    @Test
    void stackRequestAndStackKeepTheTaskIdAndFrames() throws Exception {
      StackRequestFrame request = new StackRequestFrame(42);
      TaskStackFrame stack = new TaskStackFrame(42, List.of(
        new RemoteError.StackFrame("java.lang.Thread", "sleep", null, -2),
        new RemoteError.StackFrame("com.acme.Stuck", "waitHere", "Stuck.java", 12)));

      assertThat(roundTrip(request)).isEqualTo(request);
      assertThat(text(codec.encode(request))).isEqualTo("{\"type\":\"stack_request\",\"id\":42}\n");
      assertThat(roundTrip(stack)).isEqualTo(stack);
      assertThat(text(codec.encode(stack))).startsWith("{\"type\":\"stack\",\"id\":42,\"frames\":[{\"class\":");
      assertThat(((TaskStackFrame) roundTrip(stack)).stackTrace()[1])
        .isEqualTo(new StackTraceElement("com.acme.Stuck", "waitHere", "Stuck.java", 12));
    }

    @Test
    void aTaskThreadsStackIsCutBelowTheTask() {
      StackTraceElement[] thread = {
        new StackTraceElement("com.acme.Stuck", "waitHere", "Stuck.java", 12),
        new StackTraceElement("com.acme.Stuck", "run", "Stuck.java", 5),
        new StackTraceElement(TaskStackFrame.TASK_RUNNER_CLASS, "run", "TaskRunner.java", 190),
        new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840)};

      assertThat(TaskStackFrame.ofTaskThread(thread)).extracting(RemoteError.StackFrame::method)
        .containsExactly("waitHere", "run");
    }

    @Test
    void taskFrameReadsBackAsJsonOfTheRecord() throws Exception {
      Map<String, Integer> scores = new LinkedHashMap<>();
      scores.put("math", 9);
      scores.put("art", 7);
      Person person = new Person("Ada", 36, List.of("a", "b"), scores, new Point(1, -2));

      Frame decoded = roundTrip(new TaskFrame(7, Person.class.getName(), person));

      assertThat(decoded).isInstanceOf(TaskFrame.class);
      TaskFrame task = (TaskFrame) decoded;
      assertThat(task.id()).isEqualTo(7);
      assertThat(task.taskClass()).isEqualTo(Person.class.getName());
      assertThat(task.args()).isInstanceOf(JsonNode.class);
      assertThat(mapper.treeToValue((JsonNode) task.args(), Person.class)).isEqualTo(person);
    }

    @Test
    void successWithNullResultDecodesToNullNode() throws Exception {
      TaskResponseFrame decoded = (TaskResponseFrame) roundTrip(TaskResponseFrame.success(1, null, -1));

      assertThat(decoded.id()).isEqualTo(1);
      assertThat(decoded.ok()).isTrue();
      assertThat(decoded.result()).isEqualTo(NullNode.getInstance());
      assertThat(decoded.error()).isNull();
      assertThat(decoded.heapUsed()).isEqualTo(-1);
    }

    @Test
    void successKeepsNumberResultAndHeap() throws Exception {
      TaskResponseFrame decoded = (TaskResponseFrame) roundTrip(TaskResponseFrame.success(2, 42, 1_048_576));

      assertThat(decoded.ok()).isTrue();
      assertThat(((JsonNode) decoded.result()).isIntegralNumber()).isTrue();
      assertThat(((JsonNode) decoded.result()).intValue()).isEqualTo(42);
      assertThat(decoded.heapUsed()).isEqualTo(1_048_576);
    }

    @Test
    void successWithRecordResultConvertsBackToTheRecord() throws Exception {
      TaskResponseFrame decoded = (TaskResponseFrame) roundTrip(TaskResponseFrame.success(3, new Point(3, 4), 0));

      assertThat(mapper.convertValue(decoded.result(), Point.class)).isEqualTo(new Point(3, 4));
    }

    @Test
    void successWithListResultConvertsBackToTheList() throws Exception {
      List<Point> points = List.of(new Point(1, 2), new Point(3, 4));

      TaskResponseFrame decoded = (TaskResponseFrame) roundTrip(TaskResponseFrame.success(4, points, -1));

      assertThat(mapper.convertValue(decoded.result(), new TypeReference<List<Point>>() { })).isEqualTo(points);
    }

    @Test
    void successWithMapResultConvertsBackToTheMapInOrder() throws Exception {
      Map<String, Integer> map = new LinkedHashMap<>();
      map.put("zeta", 26);
      map.put("alpha", 1);

      TaskResponseFrame decoded = (TaskResponseFrame) roundTrip(TaskResponseFrame.success(5, map, -1));

      assertThat(mapper.convertValue(decoded.result(), new TypeReference<LinkedHashMap<String, Integer>>() { }))
        .containsExactly(Map.entry("zeta", 26), Map.entry("alpha", 1));
    }

    @Test
    void failureKeepsClassMessageStackCauseChainAndCode() throws Exception {
      RemoteError error = sampleError();

      TaskResponseFrame decoded = (TaskResponseFrame) roundTrip(TaskResponseFrame.failure(6, error, 77));

      assertThat(decoded.id()).isEqualTo(6);
      assertThat(decoded.ok()).isFalse();
      assertThat(decoded.result()).isNull();
      assertThat(decoded.heapUsed()).isEqualTo(77);
      assertThat(decoded.error()).isEqualTo(error);
      assertThat(decoded.error().code()).isEqualTo(400);
      assertThat(decoded.error().cause().cause().message()).isNull();
      assertThat(decoded.error().cause().cause().stack()).containsExactly(
        new RemoteError.StackFrame("java.io.FileInputStream", "open0", null, -2));
      assertThat(decoded.error().cause().cause().cause()).isNull();
    }

    @Test
    void progressFrameKeepsIdAndPayload() throws Exception {
      ProgressFrame decoded = (ProgressFrame) roundTrip(new ProgressFrame(8, new Point(5, 6)));

      assertThat(decoded.id()).isEqualTo(8);
      assertThat(mapper.convertValue(decoded.payload(), Point.class)).isEqualTo(new Point(5, 6));
    }

    @Test
    void progressFrameWithNullPayloadDecodesToNullNode() throws Exception {
      ProgressFrame decoded = (ProgressFrame) roundTrip(new ProgressFrame(9, null));

      assertThat(decoded.payload()).isEqualTo(NullNode.getInstance());
    }

    @Test
    void shutdownFrameIsJustItsType() throws Exception {
      assertThat(text(codec.encode(ShutdownFrame.INSTANCE))).isEqualTo("{\"type\":\"shutdown\"}\n");
      assertThat(roundTrip(ShutdownFrame.INSTANCE)).isEqualTo(ShutdownFrame.INSTANCE);
    }

    @Test
    void decodesALineInsideALargerBuffer() throws Exception {
      byte[] buffer = utf8("garbage{\"type\":\"shutdown\"}trailing");

      assertThat(codec.decode(buffer, 7, 19)).isEqualTo(ShutdownFrame.INSTANCE);
    }
  }

  @Nested
  class LineShape {

    private List<Frame> framesWithNewlinesInStrings() {
      RemoteError error = new RemoteError("java.lang.IllegalStateException", "first line\nsecond line\r\nthird",
        List.of(new RemoteError.StackFrame("a.B", "run", "B.java", 1)), null, 0);
      return List.of(
        new ReadyFrame(1, 1, "worker\nwith newline"),
        new TaskFrame(1, "com.acme.Task", new Text("line one\nline two\n")),
        TaskResponseFrame.success(2, "result\nwith\nnewlines", 10),
        TaskResponseFrame.failure(3, error, 10),
        new ProgressFrame(4, List.of("a\nb", "c\r\nd")),
        ShutdownFrame.INSTANCE);
    }

    @Test
    void everyFrameIsOneLineStartingWithType() throws Exception {
      for (Frame frame : framesWithNewlinesInStrings()) {
        byte[] bytes = codec.encode(frame);
        String line = text(bytes);

        assertThat(line).as(frame.type()).startsWith("{\"type\":\"" + frame.type() + "\"");
        assertThat(line).as(frame.type()).endsWith("}\n");
        assertThat(line.chars().filter(c -> c == '\n').count()).as(frame.type()).isEqualTo(1);
        assertThat(line).as(frame.type()).doesNotContain("\r");
        assertThat(FrameCodec.isFrameLine(bytes)).as(frame.type()).isTrue();
      }
    }

    @Test
    void newlinesInsideStringsSurviveTheRoundTrip() throws Exception {
      RemoteError error = new RemoteError("x.Y", "first line\nsecond line\r\nthird", List.of(), null, 0);

      TaskResponseFrame decoded = (TaskResponseFrame) roundTrip(TaskResponseFrame.failure(3, error, -1));
      TaskFrame task = (TaskFrame) roundTrip(new TaskFrame(1, "com.acme.Task", new Text("one\ntwo\n")));

      assertThat(decoded.error().message()).isEqualTo("first line\nsecond line\r\nthird");
      assertThat(mapper.treeToValue((JsonNode) task.args(), Text.class)).isEqualTo(new Text("one\ntwo\n"));
    }
  }

  @Nested
  class FixedParts {

    @Test
    void successIdNamesOnlyTheSuccessesEncodeWrites() throws Exception {
      byte[] success = codec.encode(TaskResponseFrame.success(123456789012L, List.of("a"), 1024));
      byte[] failure = codec.encode(TaskResponseFrame.failure(5, sampleError(), -1));
      byte[] task = codec.encode(new TaskFrame(5, "com.acme.Task", new Point(1, 2)));

      assertThat(FrameCodec.successId(success, 0, success.length)).isEqualTo(123456789012L);
      assertThat(FrameCodec.successId(failure, 0, failure.length)).isEqualTo(-1);
      assertThat(FrameCodec.successId(task, 0, task.length)).isEqualTo(-1);
      byte[] leadingZero = utf8("{\"type\":\"task_response\",\"id\":07,\"ok\":true,\"result\":1}");
      assertThat(FrameCodec.successId(leadingZero, 0, leadingZero.length)).isEqualTo(-1);
    }

    private String generated(Map<String, Object> fields) throws IOException {
      return mapper.writeValueAsString(fields) + "\n";
    }

    @Test
    void taskFrameMatchesTheGeneratorsBytes() throws Exception {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("type", "task");
      fields.put("id", 123456789012L);
      fields.put("class", "com.acme.Ünïcode$Task");
      fields.put("args", new Point(3, -4));

      assertThat(text(codec.encode(new TaskFrame(123456789012L, "com.acme.Ünïcode$Task", new Point(3, -4)))))
        .isEqualTo(generated(fields));
      // the second frame of a class reuses its kept class field
      fields.put("id", 2L);
      assertThat(text(codec.encode(new TaskFrame(2, "com.acme.Ünïcode$Task", new Point(3, -4)))))
        .isEqualTo(generated(fields));
    }

    @Test
    void successMatchesTheGeneratorsBytes() throws Exception {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("type", "task_response");
      fields.put("id", 7L);
      fields.put("ok", true);
      fields.put("result", List.of("a", 1));
      fields.put("heap", 1024L);
      assertThat(text(codec.encode(TaskResponseFrame.success(7, List.of("a", 1), 1024)))).isEqualTo(generated(fields));

      fields.remove("heap");
      fields.put("result", null);
      assertThat(text(codec.encode(TaskResponseFrame.success(7, null, -1)))).isEqualTo(generated(fields));
    }

    @Test
    void aTaskWhoseArgsCrossTheLimitFailsAsFrameTooLarge() {
      FrameCodec small = new FrameCodec(mapper, 1024);

      assertThatThrownBy(() -> small.encode(new TaskFrame(1, "a.B", Map.of("blob", "x".repeat(2000)))))
        .isInstanceOf(FrameTooLargeException.class);
    }
  }

  @Nested
  class HandReadForms {

    private Frame decode(String line) throws Exception {
      return codec.decode(utf8(line));
    }

    @Test
    void aSuccessWithNullResultAndHeapIsReadByHand() throws Exception {
      TaskResponseFrame response = (TaskResponseFrame) decode("{\"type\":\"task_response\",\"id\":42,\"ok\":true,"
        + "\"result\":null,\"heap\":123456}\n");

      assertThat(response).isEqualTo(TaskResponseFrame.success(42, NullNode.getInstance(), 123456));
    }

    @Test
    void heapLookalikeInResultIsNotTheHeap() throws Exception {
      TaskResponseFrame number = (TaskResponseFrame) decode(
        "{\"type\":\"task_response\",\"id\":1,\"ok\":true,\"result\":77}");
      TaskResponseFrame object = (TaskResponseFrame) decode(
        "{\"type\":\"task_response\",\"id\":2,\"ok\":true,\"result\":{\"a\":[1],\"heap\":5}}");
      TaskResponseFrame both = (TaskResponseFrame) decode(
        "{\"type\":\"task_response\",\"id\":3,\"ok\":true,\"result\":{\"heap\":5},\"heap\":9}");

      assertThat(number.result().toString()).isEqualTo("77");
      assertThat(number.heapUsed()).isEqualTo(-1);
      assertThat(object.result().toString()).isEqualTo("{\"a\":[1],\"heap\":5}");
      assertThat(object.heapUsed()).isEqualTo(-1);
      assertThat(both.result().toString()).isEqualTo("{\"heap\":5}");
      assertThat(both.heapUsed()).isEqualTo(9);
    }

    @Test
    void successWithTwoValuesIsAProtocolError() {
      Throwable thrown = catchThrowable(() -> decode(
        "{\"type\":\"task_response\",\"id\":1,\"ok\":true,\"result\":1 2}"));

      assertThat(thrown).isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
    }

    @Test
    void anIdWithALeadingZeroIsNotReadByHand() {
      Throwable thrown = catchThrowable(() -> decode(
        "{\"type\":\"task_response\",\"id\":007,\"ok\":true,\"result\":null}"));

      assertThat(thrown).isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
    }

    @Test
    void withRawArgsATaskKeepsItsArgumentsAsTheirBytes() throws Exception {
      byte[] line = codec.encode(new TaskFrame(12, "com.acme.Ünïcode$Task", new Point(3, -4)));

      TaskFrame task = (TaskFrame) codec.decodeWithRawArgs(line, 0, line.length);

      assertThat(task.id()).isEqualTo(12);
      assertThat(task.taskClass()).isEqualTo("com.acme.Ünïcode$Task");
      assertThat(task.args()).isInstanceOf(RawJson.class);
      assertThat(task.args().toString()).isEqualTo("{\"x\":3,\"y\":-4}");
      RawJson args = (RawJson) task.args();
      assertThat(mapper.readerFor(Point.class).<Point>readValue(args.bytes(), args.offset(), args.length()))
        .isEqualTo(new Point(3, -4));
    }

    @Test
    void withRawArgsAnyOtherFormIsReadAsATree() throws Exception {
      TaskFrame extra = (TaskFrame) codec.decodeWithRawArgs(utf8(
        "{\"type\":\"task\",\"id\":1,\"class\":\"a.B\",\"extra\":1,\"args\":{\"x\":1}}"), 0, 61);
      TaskFrame nullArgs = (TaskFrame) codec.decodeWithRawArgs(utf8(
        "{\"type\":\"task\",\"id\":1,\"class\":\"a.B\",\"args\":null}"), 0, 48);

      assertThat(extra.args()).isInstanceOf(JsonNode.class);
      assertThat(extra.args().toString()).isEqualTo("{\"x\":1}");
      assertThat(nullArgs.args()).isInstanceOf(JsonNode.class);
      assertThat(((JsonNode) nullArgs.args()).isEmpty()).isTrue();
      assertThat(codec.decodeWithRawArgs(utf8("{\"type\":\"cancel\",\"id\":4}"), 0, 24))
        .isEqualTo(new CancelFrame(4));
    }

    @Test
    void argumentsEncodedAheadMakeTheSameTaskFrame() throws Exception {
      RawJson args = codec.encodeValue(new Point(5, -6));

      byte[] ahead = codec.encode(new TaskFrame(3, "com.acme.T", args, Map.of("traceparent", "x")));

      assertThat(text(ahead)).isEqualTo(text(codec.encode(new TaskFrame(3, "com.acme.T", new Point(5, -6),
        Map.of("traceparent", "x")))));
      assertThat(args.toString()).isEqualTo("{\"x\":5,\"y\":-6}");
    }

    @Test
    void aValueEncodedAheadIsBoundedByTheFrameLimit() {
      FrameCodec small = new FrameCodec(mapper, 1024);

      assertThatThrownBy(() -> small.encodeValue(new Text("t".repeat(2000))))
        .isInstanceOf(FrameTooLargeException.class);
    }

    private Frame decodeRaw(String line) throws Exception {
      byte[] bytes = utf8(line);
      return codec.decodeWithRawValues(bytes, 0, bytes.length);
    }

    @Test
    void withRawResultASuccessKeepsItsResultAsItsBytes() throws Exception {
      byte[] line = codec.encode(TaskResponseFrame.success(9, List.of(new Point(1, 2), new Point(-3, 4)), 777));

      TaskResponseFrame response = (TaskResponseFrame) codec.decodeWithRawValues(line, 0, line.length);

      assertThat(response.id()).isEqualTo(9);
      assertThat(response.heapUsed()).isEqualTo(777);
      assertThat(response.result()).isInstanceOf(RawJson.class);
      assertThat(response.result().toString()).isEqualTo("[{\"x\":1,\"y\":2},{\"x\":-3,\"y\":4}]");
    }

    @Test
    void withRawResultANullResultNeedsNoBytes() throws Exception {
      TaskResponseFrame response = (TaskResponseFrame) decodeRaw(
        "{\"type\":\"task_response\",\"id\":4,\"ok\":true,\"result\":null,\"heap\":5}");

      assertThat(response).isEqualTo(TaskResponseFrame.success(4, NullNode.getInstance(), 5));
    }

    @Test
    void withRawResultAFrameWithMoreFieldsIsReadAsATree() throws Exception {
      // a result followed by a field this parent does not know is not one value: the general reader reads the frame
      TaskResponseFrame response = (TaskResponseFrame) decodeRaw(
        "{\"type\":\"task_response\",\"id\":4,\"ok\":true,\"result\":[1],\"later\":{\"a\":2}}");

      assertThat(response.result()).isInstanceOf(JsonNode.class);
      assertThat(response.result().toString()).isEqualTo("[1]");
    }

    @Test
    void withRawResultAMalformedOrDoubledResultIsStillAProtocolError() {
      assertThat(catchThrowable(() -> decodeRaw("{\"type\":\"task_response\",\"id\":1,\"ok\":true,\"result\":1 2}")))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
      assertThat(catchThrowable(() -> decodeRaw("{\"type\":\"task_response\",\"id\":1,\"ok\":true,\"result\":[1,}")))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
      assertThat(catchThrowable(() -> decodeRaw("{\"type\":\"task_response\",\"id\":1,\"ok\":true,\"result\":tru}")))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
    }

    @Test
    void withRawValuesAProgressUpdateKeepsItsPayloadAsItsBytes() throws Exception {
      byte[] line = codec.encode(new ProgressFrame(8, List.of(new Point(1, 2), new Point(-3, 4))));

      ProgressFrame progress = (ProgressFrame) codec.decodeWithRawValues(line, 0, line.length);
      ProgressFrame asTree = (ProgressFrame) codec.decode(line, 0, line.length);

      assertThat(progress.id()).isEqualTo(8);
      assertThat(progress.payload()).isInstanceOf(RawJson.class);
      assertThat(progress.payload().toString()).isEqualTo("[{\"x\":1,\"y\":2},{\"x\":-3,\"y\":4}]");
      assertThat(asTree.payload()).isInstanceOf(JsonNode.class);
      assertThat(asTree.payload().toString()).isEqualTo(progress.payload().toString());
    }

    @Test
    void withRawValuesANullOrOddlyWrittenProgressIsReadAsBefore() throws Exception {
      ProgressFrame nothing = (ProgressFrame) decodeRaw("{\"type\":\"progress\",\"id\":3,\"payload\":null}");
      ProgressFrame reordered = (ProgressFrame) decodeRaw("{\"type\":\"progress\",\"payload\":[1],\"id\":3}");

      assertThat(nothing).isEqualTo(new ProgressFrame(3, NullNode.getInstance()));
      assertThat(reordered.payload()).isInstanceOf(JsonNode.class);
      assertThat(reordered.payload().toString()).isEqualTo("[1]");
    }

    @Test
    void withRawValuesAMalformedProgressPayloadIsStillAProtocolError() {
      assertThat(catchThrowable(() -> decodeRaw("{\"type\":\"progress\",\"id\":1,\"payload\":[1,}")))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
      assertThat(catchThrowable(() -> decodeRaw("{\"type\":\"progress\",\"id\":1,\"payload\":1 2}")))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
    }

    @Test
    void withRawValuesAProgressPayloadPastTheNestingLimitBreaksOnlyThatUpdate() {
      String deep = "[".repeat(ProtocolMapper.MAX_NESTING_DEPTH + 1) + "]".repeat(ProtocolMapper.MAX_NESTING_DEPTH + 1);

      Throwable thrown = catchThrowable(() -> decodeRaw("{\"type\":\"progress\",\"id\":6,\"payload\":" + deep + "}"));

      assertThat(thrown).isInstanceOf(FrameLimitException.class).hasMessageContaining("the update breaks");
      assertThat(((FrameLimitException) thrown).id()).isEqualTo(6);
      assertThat(((FrameLimitException) thrown).frameType()).isEqualTo(ProgressFrame.TYPE);
    }

    @Test
    void withRawResultAResultPastTheNestingLimitBreaksItForItsTask() {
      String deep = "[".repeat(ProtocolMapper.MAX_NESTING_DEPTH + 1) + "]".repeat(ProtocolMapper.MAX_NESTING_DEPTH + 1);

      Throwable thrown = catchThrowable(() -> decodeRaw(
        "{\"type\":\"task_response\",\"id\":6,\"ok\":true,\"result\":" + deep + "}"));

      assertThat(thrown).isInstanceOf(FrameLimitException.class);
      assertThat(((FrameLimitException) thrown).id()).isEqualTo(6);
      assertThat(((FrameLimitException) thrown).frameType()).isEqualTo(TaskResponseFrame.TYPE);
    }
  }

  @Nested
  class IsFrameLine {

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"ready\"}", "{\"type\":", "{\"type\":\"whatever\",\"x\":1}"})
    void trueForLinesStartingWithTheTypeField(String line) {
      assertThat(FrameCodec.isFrameLine(utf8(line))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"type\"", "hello from a task", "{ \"type\":\"ready\"}",
      "{\"id\":1,\"type\":\"ready\"}", " {\"type\":\"ready\"}", "[\"type\"]",
      "WARNING: An illegal reflective access operation has occurred"})
    void falseForAnythingElse(String line) {
      assertThat(FrameCodec.isFrameLine(utf8(line))).isFalse();
    }

    @Test
    void looksOnlyAtTheGivenRangeOfTheBuffer() {
      byte[] buffer = utf8("xx{\"type\":\"ready\"}");

      assertThat(FrameCodec.isFrameLine(buffer, 2, buffer.length - 2)).isTrue();
      assertThat(FrameCodec.isFrameLine(buffer, 0, buffer.length)).isFalse();
      assertThat(FrameCodec.isFrameLine(buffer, 2, 5)).isFalse();
    }
  }

  @Nested
  class DecodingErrors {

    private ProtocolException decodeFailure(String line) {
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> codec.decode(utf8(line)));
      assertThat(thrown).as(line).isInstanceOf(ProtocolException.class);
      return (ProtocolException) thrown;
    }

    @Test
    void malformedJsonIsAProtocolErrorNamingTheProblem() {
      ProtocolException e = decodeFailure("{\"type\":\"ready\",");

      assertThat(e).hasMessageStartingWith("malformed frame: ");
      assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void aJsonArrayIsNotAFrame() {
      assertThat(decodeFailure("[{\"type\":\"ready\"}]")).hasMessage("a frame must be a JSON object");
    }

    @Test
    void aJsonScalarIsNotAFrame() {
      assertThat(decodeFailure("\"shutdown\"")).hasMessage("a frame must be a JSON object");
    }

    @Test
    void anEmptyLineIsNotAFrame() {
      assertThat(decodeFailure("")).hasMessage("a frame must be a JSON object");
    }

    @Test
    void aFrameWithoutTypeNamesTheMissingField() {
      assertThat(decodeFailure("{\"id\":1,\"ok\":true}")).hasMessage("frame without string field 'type'");
    }

    @Test
    void aFrameWithANonStringTypeNamesTheField() {
      assertThat(decodeFailure("{\"type\":5}")).hasMessage("frame without string field 'type'");
    }

    @Test
    void anUnknownTypeIsNamed() {
      assertThat(decodeFailure("{\"type\":\"teleport\",\"id\":1}")).hasMessage("unknown frame type 'teleport'");
    }

    @Test
    void aTaskFrameWithoutIdNamesTheMissingField() {
      assertThat(decodeFailure("{\"type\":\"task\",\"class\":\"a.B\",\"args\":{}}"))
        .hasMessage("frame without integer field 'id'");
    }

    @Test
    void aTaskFrameWithAFractionalIdNamesTheField() {
      assertThat(decodeFailure("{\"type\":\"task\",\"id\":1.5,\"class\":\"a.B\"}"))
        .hasMessage("frame without integer field 'id'");
    }

    @Test
    void aTaskFrameWithoutClassNamesTheMissingField() {
      assertThat(decodeFailure("{\"type\":\"task\",\"id\":1,\"args\":{}}"))
        .hasMessage("frame without string field 'class'");
    }

    @Test
    void aResponseWithoutOkNamesTheMissingField() {
      assertThat(decodeFailure("{\"type\":\"task_response\",\"id\":1,\"result\":1}"))
        .hasMessage("task_response frame without boolean field 'ok'");
    }

    @Test
    void aFailedResponseWithoutErrorNamesTheMissingField() {
      assertThat(decodeFailure("{\"type\":\"task_response\",\"id\":1,\"ok\":false}"))
        .hasMessage("failed task_response frame without object field 'error'");
    }

    @Test
    void errorWithoutClassNamesTheMissingField() {
      assertThat(decodeFailure("{\"type\":\"task_response\",\"id\":1,\"ok\":false,\"error\":{\"message\":\"m\"}}"))
        .hasMessage("frame without string field 'class'");
    }

    @Test
    void aReadyFrameWithoutWorkerNamesTheMissingField() {
      assertThat(decodeFailure("{\"type\":\"ready\",\"pid\":1,\"protocol\":1}"))
        .hasMessage("frame without string field 'worker'");
    }
  }

  @Nested
  class LenientReading {

    @Test
    void aTaskFrameWithoutArgsHasAnEmptyObject() throws Exception {
      TaskFrame task = (TaskFrame) codec.decode(utf8("{\"type\":\"task\",\"id\":1,\"class\":\"a.B\"}"));

      assertThat(task.args()).isInstanceOf(JsonNode.class);
      assertThat(((JsonNode) task.args()).isObject()).isTrue();
      assertThat(((JsonNode) task.args()).isEmpty()).isTrue();
    }

    @Test
    void aTaskFrameWithNullArgsHasAnEmptyObject() throws Exception {
      TaskFrame task = (TaskFrame) codec.decode(utf8("{\"type\":\"task\",\"id\":1,\"class\":\"a.B\",\"args\":null}"));

      assertThat(((JsonNode) task.args()).isObject()).isTrue();
      assertThat(((JsonNode) task.args()).isEmpty()).isTrue();
    }

    @Test
    void aSuccessWithoutResultHasNullNodeAndUnknownHeap() throws Exception {
      TaskResponseFrame response = (TaskResponseFrame) codec.decode(
        utf8("{\"type\":\"task_response\",\"id\":1,\"ok\":true}"));

      assertThat(response.result()).isEqualTo(NullNode.getInstance());
      assertThat(response.heapUsed()).isEqualTo(-1);
    }

    @Test
    void anErrorWithoutStackDecodesWithAnEmptyStack() throws Exception {
      TaskResponseFrame response = (TaskResponseFrame) codec.decode(
        utf8("{\"type\":\"task_response\",\"id\":1,\"ok\":false,\"error\":{\"class\":\"a.B\"}}"));

      assertThat(response.error()).isEqualTo(new RemoteError("a.B", null, List.of(), null, 0));
    }

    @Test
    void unknownFieldsOfAnyShapeAreSkippedInTheHotFrames() throws Exception {
      TaskResponseFrame response = (TaskResponseFrame) codec.decode(utf8("{\"type\":\"task_response\","
        + "\"extra\":{\"id\":99,\"ok\":false,\"list\":[1,{\"result\":2}]},\"id\":7,\"ok\":true,"
        + "\"more\":[[]],\"result\":{\"a\":[1,2]},\"heap\":{\"not\":\"a number\"}}"));

      assertThat(response.id()).isEqualTo(7);
      assertThat(response.ok()).isTrue();
      assertThat(response.result().toString()).isEqualTo("{\"a\":[1,2]}");
      assertThat(response.heapUsed()).isEqualTo(-1);
    }

    @Test
    void aRepeatedFieldCountsWithItsLastValue() throws Exception {
      TaskFrame task = (TaskFrame) codec.decode(utf8("{\"type\":\"task\",\"id\":1,\"class\":\"a.B\","
        + "\"args\":{\"x\":1},\"id\":2,\"args\":{\"x\":3}}"));

      assertThat(task.id()).isEqualTo(2);
      assertThat(task.args().toString()).isEqualTo("{\"x\":3}");
    }

    @Test
    void aCancelFrameKeepsItsId() throws Exception {
      assertThat(codec.decode(utf8("{\"type\":\"cancel\",\"id\":12}\n"))).isEqualTo(new CancelFrame(12));
    }

    @Test
    void aTaskFrameCutShortIsMalformed() {
      Throwable thrown = catchThrowable(() -> codec.decode(utf8("{\"type\":\"task\",\"id\":1,\"class\":\"a.B\"")));

      assertThat(thrown).isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed frame");
    }

    @Test
    void anIdTooLargeForALongIsNotAnId() {
      Throwable thrown = catchThrowable(() -> codec.decode(utf8("{\"type\":\"cancel\",\"id\":99999999999999999999}")));

      assertThat(thrown).isInstanceOf(ProtocolException.class).hasMessage("frame without integer field 'id'");
    }

    @Test
    void aLineWithItsFinalNewlineDecodes() throws Exception {
      assertThat(codec.decode(utf8("{\"type\":\"shutdown\"}\n"))).isEqualTo(ShutdownFrame.INSTANCE);
    }
  }

  @Nested
  class SizeLimit {

    private final FrameCodec small = new FrameCodec(mapper, 1024);

    @Test
    void oversizedTaskFailsNamingTheLimit() {
      TaskFrame frame = new TaskFrame(1, "com.acme.Big", new Text("a".repeat(5000)));

      assertThatThrownBy(() -> small.encode(frame))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining("1024 bytes")
        .satisfies(e -> assertThat(((FrameTooLargeException) e).limit()).isEqualTo(1024));
    }

    @Test
    void hugeResultFailsWithFrameTooLarge() {
      List<String> huge = java.util.Collections.nCopies(100_000, "x".repeat(100));

      assertThatThrownBy(() -> small.encode(TaskResponseFrame.success(1, huge, -1)))
        .isInstanceOf(FrameTooLargeException.class)
        .satisfies(e -> assertThat(((FrameTooLargeException) e).limit()).isEqualTo(1024));
    }

    @Test
    void frameOfExactlyTheLimitEncodes() throws Exception {
      int overhead = small.encode(new TaskFrame(1, "com.acme.Big", new Text(""))).length;
      String fits = "a".repeat(1024 - overhead);

      byte[] bytes = small.encode(new TaskFrame(1, "com.acme.Big", new Text(fits)));

      assertThat(bytes).hasSize(1024);
      assertThat(bytes[1023]).isEqualTo((byte) '\n');
      assertThatThrownBy(() -> small.encode(new TaskFrame(1, "com.acme.Big", new Text(fits + "a"))))
        .isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
      // 600 characters, 1200 bytes
      TaskFrame frame = new TaskFrame(1, "com.acme.Big", new Text("\u00e9".repeat(600)));

      assertThatThrownBy(() -> small.encode(frame)).isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void overlongLineIsAProtocolErrorNamingLimit() {
      byte[] line = utf8("{\"type\":\"progress\",\"id\":1,\"payload\":\"" + "a".repeat(1100) + "\"}");

      assertThatThrownBy(() -> small.decode(line))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("frame of " + line.length + " bytes exceeds the frame size limit of 1024 bytes");
    }

    @Test
    void decodingALineOfExactlyTheLimitWorks() throws Exception {
      String prefix = "{\"type\":\"progress\",\"id\":1,\"payload\":\"";
      String suffix = "\"}";
      byte[] line = utf8(prefix + "a".repeat(1024 - prefix.length() - suffix.length()) + suffix);

      assertThat(line).hasSize(1024);
      assertThat(small.decode(line)).isInstanceOf(ProgressFrame.class);
    }

    @Test
    void theConstructorRejectsLimitsBelow1024() {
      assertThatThrownBy(() -> new FrameCodec(mapper, 1023))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFrameBytes must be at least 1024, was 1023");
      assertThatThrownBy(() -> new FrameCodec(mapper, 0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new FrameCodec(mapper, -1)).isInstanceOf(IllegalArgumentException.class);
      assertThatCode(() -> new FrameCodec(mapper, 1024)).doesNotThrowAnyException();
    }

    @Test
    void theDefaultLimitIs64MiB() {
      assertThat(codec.maxFrameBytes()).isEqualTo(64 * 1024 * 1024).isEqualTo(FrameCodec.DEFAULT_MAX_FRAME_BYTES);
      assertThat(small.maxFrameBytes()).isEqualTo(1024);
    }
  }

  @Nested
  class TraceContext {

    private final Map<String, String> trace = Map.of("traceparent",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    @Test
    void aTaskWithoutTraceHasNoTraceField() throws Exception {
      assertThat(text(codec.encode(new TaskFrame(9, "a.B", new Point(1, 2), Map.of()))))
        .isEqualTo("{\"type\":\"task\",\"id\":9,\"class\":\"a.B\",\"args\":{\"x\":1,\"y\":2}}\n");
      assertThat(new TaskFrame(9, "a.B", null).trace()).isNull();
    }

    @Test
    void theTraceGoesRightAfterTheId() throws Exception {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("type", "task");
      fields.put("id", 9L);
      fields.put("trace", trace);
      fields.put("class", "a.B");
      fields.put("args", new Point(1, 2));

      assertThat(text(codec.encode(new TaskFrame(9, "a.B", new Point(1, 2), trace))))
        .isEqualTo(mapper.writeValueAsString(fields) + "\n");
    }

    @Test
    void aTracedTaskKeepsItsTraceAndRawArguments() throws Exception {
      byte[] line = codec.encode(new TaskFrame(12, "a.B", new Point(3, -4), trace));

      TaskFrame task = (TaskFrame) codec.decodeWithRawArgs(line, 0, line.length);

      assertThat(task.trace()).isEqualTo(trace);
      assertThat(task.taskClass()).isEqualTo("a.B");
      assertThat(task.args()).isInstanceOf(RawJson.class);
      assertThat(task.args().toString()).isEqualTo("{\"x\":3,\"y\":-4}");
      assertThat(((TaskFrame) codec.decode(line)).trace()).isEqualTo(trace);
    }

    @Test
    void quotesBracesAndEscapesInAValueSurvive() throws Exception {
      Map<String, String> odd = new LinkedHashMap<>();
      odd.put("tracestate", "v=\"}{\\,x");
      odd.put("traceparent", "00-1-2-01");
      byte[] line = codec.encode(new TaskFrame(3, "a.B", new Point(0, 0), odd));

      TaskFrame task = (TaskFrame) codec.decodeWithRawArgs(line, 0, line.length);

      assertThat(task.trace()).isEqualTo(odd);
      assertThat(task.args()).isInstanceOf(RawJson.class);
    }

    @Test
    void aTraceThatIsNotAnObjectOfStringsIsAProtocolError() {
      byte[] line = utf8("{\"type\":\"task\",\"id\":1,\"trace\":{\"a\":1},\"class\":\"a.B\",\"args\":{}}");

      assertThatThrownBy(() -> codec.decodeWithRawArgs(line, 0, line.length))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("'trace'");
      byte[] nested = utf8("{\"type\":\"task\",\"id\":1,\"trace\":{\"a\":{}},\"class\":\"a.B\",\"args\":{}}");
      assertThatThrownBy(() -> codec.decodeWithRawArgs(nested, 0, nested.length))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("'trace'");
    }
  }
}
