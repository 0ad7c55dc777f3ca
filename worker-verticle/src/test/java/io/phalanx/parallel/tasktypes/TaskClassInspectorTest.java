package io.phalanx.parallel.tasktypes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.phalanx.parallel.fixtures.Point;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TaskClassInspectorTest {

  // ------------------------------------------------------------------ valid tasks

  enum Color { RED, GREEN }

  record Rich(int i, long l, double d, boolean b, char c, byte by, short sh, float f, String s, Color color,
              List<String> list, Set<Integer> set, Map<String, List<Integer>> map, Point nested, List<Point> points,
              Optional<String> maybe, int[] ints, String[] strings, Instant when, Integer boxed)
    implements Task<String> {
    @Override
    public String run(TaskScope scope) {
      return s;
    }
  }

  static final class NoArgConstructor implements Task<Integer> {
    public int count;
    public List<String> names;

    public NoArgConstructor() {
    }

    @Override
    public Integer run(TaskScope scope) {
      return count;
    }
  }

  static final class CreatorConstructor implements Task<Integer> {
    private final int n;

    @JsonCreator
    CreatorConstructor(@JsonProperty("n") int n) {
      this.n = n;
    }

    @Override
    public Integer run(TaskScope scope) {
      return n;
    }
  }

  static final class CreatorFactory implements Task<Integer> {
    private final int n;

    private CreatorFactory(int n) {
      this.n = n;
    }

    @JsonCreator
    static CreatorFactory of(@JsonProperty("n") int n) {
      return new CreatorFactory(n);
    }

    @Override
    public Integer run(TaskScope scope) {
      return n;
    }
  }

  enum EnumTask implements Task<String> {
    PING;

    @Override
    public String run(TaskScope scope) {
      return "pong";
    }
  }

  /** Static and transient fields are not sent, so their types do not matter. */
  static final class IgnoredFields implements Task<Integer> {
    static Thread sharedThread;
    transient ExecutorService localExecutor;
    public int value;

    @Override
    public Integer run(TaskScope scope) {
      return value;
    }
  }

  @Nested
  class Valid {

    @ParameterizedTest
    @ValueSource(classes = {Rich.class, NoArgConstructor.class, CreatorConstructor.class, CreatorFactory.class,
      EnumTask.class, IgnoredFields.class, io.phalanx.parallel.fixtures.Add.class})
    void aTaskOfPlainDataHasNoProblem(Class<?> type) {
      assertThat(TaskClassInspector.problem(type)).isEmpty();
    }

    @Test
    void theVerdictIsStableAcrossCalls() {
      assertThat(TaskClassInspector.problem(Rich.class)).isSameAs(TaskClassInspector.problem(Rich.class));
    }
  }

  // ------------------------------------------------------------------ classes a worker cannot rebuild

  static String staticRun(TaskScope scope) {
    return "ref";
  }

  class Inner implements Task<String> {
    @Override
    public String run(TaskScope scope) {
      return "inner";
    }
  }

  abstract static class AbstractTask implements Task<String> {
  }

  interface StringTask extends Task<String> {
  }

  static final class NotATask {
  }

  static final class NoCreator implements Task<Integer> {
    private final int n;

    NoCreator(int n) {
      this.n = n;
    }

    @Override
    public Integer run(TaskScope scope) {
      return n;
    }
  }

  private static String expected(String template, Class<?> type) {
    return String.format(template, type.getName());
  }

  @Nested
  class ClassShape {

    @Test
    void aLambdaIsRefused() {
      Task<Integer> lambda = s -> 1;

      assertThat(TaskClassInspector.problem(lambda.getClass()))
        .contains(expected(TaskTypeRules.LAMBDA_MESSAGE, lambda.getClass()));
    }

    @Test
    void aMethodReferenceIsRefused() {
      Task<String> reference = TaskClassInspectorTest::staticRun;

      assertThat(TaskClassInspector.problem(reference.getClass()))
        .contains(expected(TaskTypeRules.LAMBDA_MESSAGE, reference.getClass()));
    }

    @Test
    void anAnonymousClassIsRefused() {
      Task<String> anonymous = new Task<>() {
        @Override
        public String run(TaskScope scope) {
          return "anonymous";
        }
      };

      assertThat(TaskClassInspector.problem(anonymous.getClass()))
        .contains(expected(TaskTypeRules.ANONYMOUS_MESSAGE, anonymous.getClass()));
    }

    @Test
    void aLocalClassIsRefused() {
      final class Local implements Task<String> {
        @Override
        public String run(TaskScope scope) {
          return "local";
        }
      }

      assertThat(TaskClassInspector.problem(Local.class)).contains(expected(TaskTypeRules.LOCAL_MESSAGE, Local.class));
    }

    @Test
    void aLocalRecordIsRefused() {
      record LocalRecord(int n) implements Task<Integer> {
        @Override
        public Integer run(TaskScope scope) {
          return n;
        }
      }

      assertThat(TaskClassInspector.problem(LocalRecord.class))
        .contains(expected(TaskTypeRules.LOCAL_MESSAGE, LocalRecord.class));
    }

    @Test
    void aNonStaticInnerClassIsRefused() {
      assertThat(TaskClassInspector.problem(Inner.class)).contains(expected(TaskTypeRules.INNER_MESSAGE, Inner.class));
    }

    @Test
    void anAbstractClassIsRefused() {
      assertThat(TaskClassInspector.problem(AbstractTask.class))
        .contains(expected(TaskTypeRules.ABSTRACT_MESSAGE, AbstractTask.class));
    }

    @Test
    void anInterfaceIsRefused() {
      assertThat(TaskClassInspector.problem(StringTask.class))
        .contains(expected(TaskTypeRules.ABSTRACT_MESSAGE, StringTask.class));
      assertThat(TaskClassInspector.problem(Task.class))
        .contains(expected(TaskTypeRules.ABSTRACT_MESSAGE, Task.class));
    }

    @Test
    void aClassNotImplementingTaskIsRefused() {
      assertThat(TaskClassInspector.problem(NotATask.class))
        .contains(NotATask.class.getName() + " does not implement io.phalanx.parallel.task.Task");
      assertThat(TaskClassInspector.problem(String.class))
        .contains("java.lang.String does not implement io.phalanx.parallel.task.Task");
    }

    @Test
    void aClassJacksonCannotBuildIsRefused() {
      assertThat(TaskClassInspector.problem(NoCreator.class))
        .contains(expected(TaskTypeRules.NOT_CONSTRUCTIBLE_MESSAGE, NoCreator.class));
    }
  }

  // ------------------------------------------------------------------ fields that cannot cross a process

  @FunctionalInterface
  interface Callback {
    void call(String value);
  }

  record WithFunction(Function<String, Integer> mapper) implements Task<Integer> {
    @Override
    public Integer run(TaskScope scope) {
      return mapper.apply("x");
    }
  }

  record WithRunnableList(List<Runnable> steps) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record WithCallback(String name, Callback onDone) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  static final class WithThread implements Task<Void> {
    public String label;
    public Thread worker;

    public WithThread() {
    }

    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record WithExecutor(int size, ExecutorService pool) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record WithInputStream(InputStream input) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record WithVertx(Vertx vertx) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record WithFuture(Future<String> pending) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record WithRunnableArray(Runnable[] steps) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record WithMapOfFunctions(Map<String, Function<Integer, Integer>> ops) implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  static class BaseWithStream {
    public InputStream source;
  }

  static final class InheritsStream extends BaseWithStream implements Task<Void> {
    public InheritsStream() {
    }

    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  static Stream<Arguments> forbiddenFields() {
    return Stream.of(
      Arguments.of(WithRunnableList.class, "steps", "java.util.List<java.lang.Runnable>", "java.lang.Runnable"),
      Arguments.of(WithThread.class, "worker", "java.lang.Thread", "java.lang.Thread"),
      Arguments.of(WithExecutor.class, "pool", "java.util.concurrent.ExecutorService",
        "java.util.concurrent.Executor"),
      Arguments.of(WithInputStream.class, "input", "java.io.InputStream", "java.io.InputStream"),
      Arguments.of(WithVertx.class, "vertx", "io.vertx.core.Vertx", "io.vertx.core.Vertx"),
      Arguments.of(WithFuture.class, "pending", "io.vertx.core.Future<java.lang.String>", "io.vertx.core.Future"),
      Arguments.of(WithRunnableArray.class, "steps", "java.lang.Runnable[]", "java.lang.Runnable"),
      Arguments.of(InheritsStream.class, "source", "java.io.InputStream", "java.io.InputStream"));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("forbiddenFields")
  void forbiddenFieldIsRefusedWithNameTypeReason(Class<?> type, String field, String shownType,
                                                               String forbiddenType) {
    TaskTypeRules.ForbiddenType rule = TaskTypeRules.forbidden(forbiddenType);
    assertThat(rule).as("rule for " + forbiddenType).isNotNull();

    Optional<String> problem = TaskClassInspector.problem(type);

    assertThat(problem).contains(
      String.format(TaskTypeRules.FIELD_MESSAGE, field, type.getName(), shownType, rule.reason()));
    assertThat(problem.orElseThrow()).contains("field '" + field + "'");
  }

  static Stream<Arguments> functionalFields() {
    return Stream.of(
      Arguments.of(WithFunction.class, "mapper",
        "java.util.function.Function<java.lang.String, java.lang.Integer>"),
      Arguments.of(WithCallback.class, "onDone", Callback.class.getName()),
      Arguments.of(WithMapOfFunctions.class, "ops",
        "java.util.Map<java.lang.String, java.util.function.Function<java.lang.Integer, java.lang.Integer>>"));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("functionalFields")
  void aFieldOfAFunctionalInterfaceIsRefusedAsAClosure(Class<?> type, String field, String shownType) {
    Optional<String> problem = TaskClassInspector.problem(type);

    assertThat(problem).contains(String.format(TaskTypeRules.FUNCTIONAL_FIELD_MESSAGE, field, type.getName(),
      shownType));
    assertThat(problem.orElseThrow()).contains("field '" + field + "'");
  }
}
