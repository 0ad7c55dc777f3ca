package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.impl.unitfixtures.Greet;
import io.phalanx.parallel.impl.unitfixtures.HoldsObject;
import io.phalanx.parallel.impl.unitfixtures.HoldsRunnable;
import io.phalanx.parallel.impl.unitfixtures.InitFlags;
import io.phalanx.parallel.impl.unitfixtures.NotATaskWithInitializer;
import io.phalanx.parallel.impl.unitfixtures.PlainCallback;
import io.phalanx.parallel.impl.unitfixtures.ReadOnlyProperty;
import io.phalanx.parallel.impl.unitfixtures.TaskWithInitializer;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TaskEncoderTest {

  private static final String ADDRESS = "test.address";
  private static final int LIMIT = 64 * 1024;

  private final FrameCodec codec = new FrameCodec(Codecs.MAPPER, LIMIT);
  private final TaskEncoder encoder = encoder(codec);

  private TaskEncoder encoder(FrameCodec codec) {
    return new TaskEncoder(codec, ADDRESS, getClass().getClassLoader());
  }

  /** Asserts the call fails with an {@link InvalidTaskException} of code 400 naming the pool. */
  private static InvalidTaskException assertInvalid(Executable call) {
    InvalidTaskException e = assertThrows(InvalidTaskException.class, call);
    assertThat(e.failureCode()).isEqualTo(FailureCodes.INVALID_TASK).isEqualTo(400);
    assertThat(e.getMessage()).contains(ADDRESS);
    return e;
  }

  private TaskFrame decode(byte[] line) throws Exception {
    Frame frame = codec.decode(line);
    assertThat(frame).isInstanceOf(TaskFrame.class);
    return (TaskFrame) frame;
  }

  // ---------------------------------------------------------------- Task objects

  @Test
  void aRecordTaskPassesAndEncodesToATaskFrameLine() throws Exception {
    Greet task = new Greet("ada", 2);

    TaskEncoder.Checked checked = encoder.check(task);
    byte[] line = encoder.encode(checked, 17);

    assertThat(checked.className()).isEqualTo(Greet.class.getName());
    assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\n").startsWith("{\"type\":\"task\"");
    assertThat(FrameCodec.isFrameLine(line)).isTrue();

    TaskFrame frame = decode(line);
    assertThat(frame.id()).isEqualTo(17);
    assertThat(frame.taskClass()).isEqualTo(Greet.class.getName());
    JsonNode args = (JsonNode) frame.args();
    assertThat(args.get("name").asText()).isEqualTo("ada");
    assertThat(args.get("times").asInt()).isEqualTo(2);
    assertThat(Codecs.MAPPER.treeToValue(args, Greet.class)).isEqualTo(task);
  }

  @Test
  void encodingTheSameTaskTwiceGivesTheSameFrame() throws Exception {
    TaskEncoder.Checked checked = encoder.check(new Greet("bo", 1));

    byte[] first = encoder.encode(checked, 1);
    byte[] second = encoder.encode(checked, 1);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void aLambdaIsRefusedNamingItsClass() {
    Task<Integer> lambda = scope -> 1;

    InvalidTaskException e = assertInvalid(() -> encoder.check(lambda));

    assertThat(e.getMessage()).contains(lambda.getClass().getName()).contains("lambda");
  }

  @Test
  void anAnonymousTaskIsRefusedNamingItsClass() {
    Task<Integer> anonymous = new Task<>() {
      @Override
      public Integer run(TaskScope scope) {
        return 1;
      }
    };

    InvalidTaskException e = assertInvalid(() -> encoder.check(anonymous));

    assertThat(e.getMessage()).contains(anonymous.getClass().getName()).contains("anonymous");
  }

  @Test
  void runnableComponentIsRefusedNamingField() {
    HoldsRunnable task = new HoldsRunnable(() -> { });

    InvalidTaskException e = assertInvalid(() -> encoder.check(task));

    assertThat(e.getMessage()).contains(HoldsRunnable.class.getName()).contains("'action'")
      .contains("java.lang.Runnable");
  }

  @Test
  void lambdaInObjectFieldIsRefusedWhenEncoded() throws Exception {
    PlainCallback lambda = () -> { };
    HoldsObject task = new HoldsObject(lambda);
    // the declared type is Object, so only Jackson can tell that the value is a closure
    TaskEncoder.Checked checked = encoder.check(task);

    InvalidTaskException e = assertInvalid(() -> encoder.encode(checked, 1));

    assertThat(e.getMessage()).contains(HoldsObject.class.getName()).contains("payload");
  }

  @Test
  // Jackson on its own writes a lambda of a @FunctionalInterface type (Runnable, Supplier, ...) as {} without failing
  // (it counts @FunctionalInterface as a "known class annotation"), and {} reads back as an empty LinkedHashMap, so
  // without the protocol mapper's ProcessBoundaryModule the round-trip check would pass and the closure would be lost
  void aRunnableLambdaInAnObjectTypedFieldIsRefusedWhenEncoded() throws Exception {
    Runnable lambda = () -> { };
    TaskEncoder.Checked checked = encoder.check(new HoldsObject(lambda));

    InvalidTaskException e = assertInvalid(() -> encoder.encode(checked, 1));

    assertThat(e.getMessage()).contains(HoldsObject.class.getName()).contains("payload");
  }

  @Test
  void aTaskThatJacksonCanWriteButNotReadBackIsRefused() throws Exception {
    // ReadOnlyProperty is written as {"label":"fixed"}, but "label" has no field, setter or creator parameter, so
    // reading it back fails with "Unrecognized field" (FAIL_ON_UNKNOWN_PROPERTIES): a worker could not rebuild it
    TaskEncoder.Checked checked = encoder.check(new ReadOnlyProperty());

    InvalidTaskException e = assertInvalid(() -> encoder.encode(checked, 1));

    assertThat(e.getMessage()).contains(ReadOnlyProperty.class.getName()).contains("label");
  }

  @Test
  void taskOverFrameLimitIsRefusedNamingLimit() throws Exception {
    TaskEncoder small = encoder(new FrameCodec(Codecs.MAPPER, 2048));
    TaskEncoder.Checked checked = small.check(new Greet("z".repeat(10_000), 1));

    InvalidTaskException e = assertInvalid(() -> small.encode(checked, 1));

    assertThat(e.getMessage()).contains(Greet.class.getName()).contains("frame size limit").contains("2048");
  }

  @Test
  void aTaskJustUnderTheFrameLimitIsEncoded() throws Exception {
    TaskEncoder small = encoder(new FrameCodec(Codecs.MAPPER, 2048));

    byte[] line = small.encode(small.check(new Greet("z".repeat(1500), 1)), 1);

    assertThat(line.length).isLessThanOrEqualTo(2048);
    assertThat(((JsonNode) decode(line).args()).get("name").asText()).hasSize(1500);
  }

  @Test
  void aTaskPreparedByItsCallerGivesTheSameFrameAsOneEncodedByThePool() throws Exception {
    Greet task = new Greet("dee", 4);

    PreparedTask prepared = encoder.prepare(task);
    byte[] line = encoder.encode(encoder.check(prepared), 9);

    assertThat(line).isEqualTo(encoder.encode(encoder.check(task), 9));
    assertThat(line).isEqualTo(encoder.encode(encoder.check(prepared), 9, null));
    assertThat(Codecs.MAPPER.treeToValue((JsonNode) decode(line).args(), Greet.class)).isEqualTo(task);
  }

  @Test
  void aTracedPreparedTaskCarriesItsTraceBeforeItsArguments() throws Exception {
    byte[] line = encoder.encode(encoder.check(encoder.prepare(new Greet("ed", 1))), 3,
      java.util.Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

    TaskFrame frame = decode(line);
    assertThat(frame.trace()).containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(((JsonNode) frame.args()).get("name").asText()).isEqualTo("ed");
  }

  @Test
  void preparingRefusesWhatEncodingRefuses() {
    TaskEncoder small = encoder(new FrameCodec(Codecs.MAPPER, 2048));

    assertThat(assertInvalid(() -> small.prepare(new Greet("z".repeat(10_000), 1))).getMessage())
      .contains("frame size limit of 2048");
    assertThat(assertInvalid(() -> encoder.prepare(new ReadOnlyProperty())).getMessage()).contains("label");
    assertThat(assertInvalid(() -> encoder.prepare(new HoldsRunnable(() -> { }))).getMessage())
      .contains(HoldsRunnable.class.getName());
  }

  @Test
  void aPreparedTaskWhoseFrameOutgrowsTheLimitIsRefusedWhenFramed() throws Exception {
    TaskEncoder small = encoder(new FrameCodec(Codecs.MAPPER, 2048));
    // the arguments fit, the frame around them does not
    PreparedTask prepared = small.prepare(new Greet("z".repeat(1990), 1));

    assertThat(assertInvalid(() -> small.encode(small.check(prepared), 1)).getMessage())
      .contains("frame size limit of 2048");
  }

  @Test
  void onlyThePoolThatPreparedATaskTakesIt() throws Exception {
    PreparedTask prepared = encoder(codec).prepare(new Greet("fi", 2));

    assertThat(assertInvalid(() -> encoder.check(prepared)).getMessage()).contains("prepared for another pool");
  }

  // ---------------------------------------------------------------- JSON requests

  @Test
  void jsonNamingARecordTaskCarriesItsArgs() throws Exception {
    JsonObject request = new JsonObject()
      .put("task", Greet.class.getName())
      .put("args", new JsonObject().put("name", "cy").put("times", 3));

    TaskEncoder.Checked checked = encoder.check(request);
    TaskFrame frame = decode(encoder.encode(checked, 5));

    assertThat(checked.className()).isEqualTo(Greet.class.getName());
    assertThat(frame.id()).isEqualTo(5);
    assertThat(frame.taskClass()).isEqualTo(Greet.class.getName());
    JsonNode args = (JsonNode) frame.args();
    assertThat(args.get("name").asText()).isEqualTo("cy");
    assertThat(args.get("times").asInt()).isEqualTo(3);
  }

  @Test
  void aJsonRequestWithoutArgsSendsAnEmptyObject() throws Exception {
    JsonObject request = new JsonObject().put("task", Greet.class.getName());

    TaskFrame frame = decode(encoder.encode(encoder.check(request), 1));

    assertThat((JsonNode) frame.args()).isEqualTo(Codecs.MAPPER.createObjectNode());
  }

  @Test
  void aJsonRequestNamingAJdkClassThatIsNotATaskIsRefused() {
    InvalidTaskException processBuilder =
      assertInvalid(() -> encoder.check(new JsonObject().put("task", "java.lang.ProcessBuilder")));
    InvalidTaskException hashMap =
      assertInvalid(() -> encoder.check(new JsonObject().put("task", "java.util.HashMap")));

    assertThat(processBuilder.getMessage()).contains("java.lang.ProcessBuilder").contains("does not implement");
    assertThat(hashMap.getMessage()).contains("java.util.HashMap").contains("does not implement");
  }

  @Test
  void aJsonRequestNamingAnUnknownClassIsRefused() {
    InvalidTaskException e = assertInvalid(() -> encoder.check(new JsonObject().put("task", "no.such.Clazz")));

    assertThat(e.getMessage()).contains("no.such.Clazz");
  }

  @Test
  void aJsonRequestWithoutATaskFieldIsRefused() {
    InvalidTaskException e = assertInvalid(() -> encoder.check(new JsonObject()));

    assertThat(e.getMessage()).contains("'task'");
  }

  @Test
  void aJsonRequestWithABlankTaskFieldIsRefused() {
    assertInvalid(() -> encoder.check(new JsonObject().put("task", "  ")));
  }

  @Test
  void aJsonRequestWhoseTaskIsNotAStringIsRefused() {
    InvalidTaskException e = assertInvalid(() -> encoder.check(new JsonObject().put("task", 5)));

    assertThat(e.getMessage()).contains("'task'");
  }

  @Test
  void aJsonRequestWhoseArgsAreNotAnObjectIsRefused() {
    InvalidTaskException e = assertInvalid(() ->
      encoder.check(new JsonObject().put("task", "X").put("args", new JsonArray().add(1))));

    assertThat(e.getMessage()).contains("'args'");
  }

  @Test
  void aJsonRequestNamingAClosureHoldingTaskIsRefused() {
    InvalidTaskException e = assertInvalid(() ->
      encoder.check(new JsonObject().put("task", HoldsRunnable.class.getName())));

    assertThat(e.getMessage()).contains(HoldsRunnable.class.getName()).contains("'action'");
  }

  @Test
  void checkingANonTaskClassNeverRunsItsStaticInitializer() {
    String name = "io.phalanx.parallel.impl.unitfixtures.NotATaskWithInitializer";

    InvalidTaskException e = assertInvalid(() -> encoder.check(new JsonObject().put("task", name)));
    assertInvalid(() -> encoder.check(new EncodedTask(name, Codecs.MAPPER.createObjectNode())));

    assertThat(e.getMessage()).contains(name).contains("does not implement");
    assertThat(InitFlags.notATaskInitialized).isFalse();
  }

  @Test
  void jsonTaskStaticInitializerNeverRuns() throws Exception {
    String name = "io.phalanx.parallel.impl.unitfixtures.TaskWithInitializer";
    JsonObject request = new JsonObject().put("task", name).put("args", new JsonObject().put("n", 1));

    encoder.encode(encoder.check(request), 1);

    assertThat(InitFlags.taskInitialized).isFalse();
  }

  @Test
  void theInitializerFixturesReallyDoSetTheirFlags() throws Exception {
    // guards the two tests above against fixtures whose flags could never turn true; it initializes private copies of
    // the fixtures in a separate class loader, so the shared flags are untouched
    ClassLoader isolated = new IsolatingLoader(getClass().getClassLoader());
    Class<?> flags = Class.forName(InitFlags.class.getName(), true, isolated);
    assertThat(flags).isNotSameAs(InitFlags.class);

    Class.forName(NotATaskWithInitializer.class.getName(), true, isolated);
    Class.forName(TaskWithInitializer.class.getName(), true, isolated);

    assertThat(flags.getField("notATaskInitialized").getBoolean(null)).isTrue();
    assertThat(flags.getField("taskInitialized").getBoolean(null)).isTrue();
    assertThat(InitFlags.notATaskInitialized).isFalse();
    assertThat(InitFlags.taskInitialized).isFalse();
  }

  // ---------------------------------------------------------------- other bodies

  @Test
  void aBodyThatIsNeitherATaskNorAJsonObjectIsRefused() {
    InvalidTaskException string = assertInvalid(() -> encoder.check("io.phalanx.parallel.impl.unitfixtures.Greet"));
    InvalidTaskException none = assertInvalid(() -> encoder.check(null));

    assertThat(string.getMessage()).contains("java.lang.String");
    assertThat(none.getMessage()).contains("null");
  }

  @Test
  void anEncodedTaskOfAValidClassPassesAndKeepsItsArgs() throws Exception {
    ObjectNode args = Codecs.MAPPER.createObjectNode().put("name", "dee").put("times", 1);

    TaskEncoder.Checked checked = encoder.check(new EncodedTask(Greet.class.getName(), args));
    TaskFrame frame = decode(encoder.encode(checked, 9));

    assertThat(checked.className()).isEqualTo(Greet.class.getName());
    assertThat(frame.taskClass()).isEqualTo(Greet.class.getName());
    assertThat((JsonNode) frame.args()).isEqualTo(args);
  }

  @Test
  void anEncodedTaskOfAnUnknownOrForbiddenClassIsRefused() {
    ObjectNode args = Codecs.MAPPER.createObjectNode();

    assertInvalid(() -> encoder.check(new EncodedTask("no.such.Clazz", args)));
    assertInvalid(() -> encoder.check(new EncodedTask("java.lang.ProcessBuilder", args)));
    assertInvalid(() -> encoder.check(new EncodedTask(HoldsRunnable.class.getName(), args)));
  }

  /** Loads the unitfixtures classes itself (child first), so their static initializers run in private copies. */
  private static final class IsolatingLoader extends ClassLoader {

    private static final String PREFIX = "io.phalanx.parallel.impl.unitfixtures.";

    IsolatingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (!name.startsWith(PREFIX)) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String resource = name.replace('.', '/') + ".class";
          try (var in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (java.io.IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }

  @Test
  void argumentsBeyondTheBoundsAreRefusedNamingTheBound() {
    Object deep = new JsonObject();
    for (int i = 0; i < 3_000; i++) {
      deep = new JsonObject().put("a", deep);
    }
    JsonObject tooDeep = new JsonObject().put("task", Greet.class.getName()).put("args", deep);
    JsonObject hugeNumber = new JsonObject().put("task", Greet.class.getName())
      .put("args", new JsonObject().put("n", new java.math.BigInteger("9".repeat(1_001))));
    JsonObject notJson = new JsonObject().put("task", Greet.class.getName())
      .put("args", new JsonObject().put("points", new io.vertx.core.json.JsonArray().add(new Object())));
    @SuppressWarnings({"unchecked", "rawtypes"})
    JsonObject oddKey = new JsonObject().put("task", Greet.class.getName())
      .put("args", new JsonObject((java.util.Map) java.util.Map.of(1, 2)));

    assertThat(assertInvalid(() -> encoder.check(tooDeep)).getMessage()).contains("nested deeper than 500 levels");
    assertThat(assertInvalid(() -> encoder.check(hugeNumber)).getMessage()).contains("args.n").contains("digits");
    assertThat(assertInvalid(() -> encoder.check(notJson)).getMessage()).contains("args.points[]")
      .contains("java.lang.Object");
    assertThat(assertInvalid(() -> encoder.check(oddKey)).getMessage()).contains("not a string");
  }
}
