package io.phalanx.parallel.codegen;

import io.phalanx.parallel.codegen.FixtureCompiler.Source;
import io.phalanx.parallel.tasktypes.TaskTypeRules;

import java.util.List;

/**
 * The fixture sources: each invalid kind with the one diagnostic it must produce, and the valid kinds.
 */
final class Fixtures {

  private Fixtures() {
  }

  /**
   * An invalid task and its expected diagnostic.
   *
   * @param name          what the case shows
   * @param source        the fixture
   * @param lineFragment  text on the line the diagnostic must point at
   * @param positionAt    text the diagnostic position must start with, or {@code null} to check the line only
   * @param message       the exact message
   * @param runtimeClass  the binary name of the class the run-time check must judge alike, or {@code null} (lambdas)
   */
  record InvalidCase(String name, Source source, String lineFragment, String positionAt, String message,
                     String runtimeClass) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String reason(String forbiddenType) {
    return TaskTypeRules.forbidden(forbiddenType).reason();
  }

  /** The one of {@code names} that comes first in FORBIDDEN_TYPES, the order both checks try them in. */
  static String firstListed(String... names) {
    for (TaskTypeRules.ForbiddenType type : TaskTypeRules.FORBIDDEN_TYPES) {
      if (List.of(names).contains(type.typeName())) {
        return type.typeName();
      }
    }
    throw new IllegalArgumentException("none listed: " + List.of(names));
  }

  private static final String HEADER = "package fixtures;\n\n"
    + "import io.phalanx.parallel.task.Task;\n"
    + "import io.phalanx.parallel.task.TaskScope;\n";

  /** A class task holding one field; the field line is {@code fieldDeclaration}. */
  private static Source withField(String simpleName, String imports, String fieldDeclaration) {
    return new Source("fixtures." + simpleName, HEADER + imports + "\n"
      + "public class " + simpleName + " implements Task<String> {\n"
      + "  " + fieldDeclaration + "\n"
      + "  public String run(TaskScope scope) {\n"
      + "    return \"\";\n"
      + "  }\n"
      + "}\n");
  }

  private static InvalidCase forbiddenField(String simpleName, String imports, String type, String field,
                                            String shownType, String reasonOf) {
    String owner = "fixtures." + simpleName;
    String declaration = type + " " + field + ";";
    return new InvalidCase("field of type " + type, withField(simpleName, imports, declaration), declaration,
      field, String.format(TaskTypeRules.FIELD_MESSAGE, field, owner, shownType, reason(reasonOf)), owner);
  }

  private static InvalidCase functionalField(String name, String simpleName, String imports, String declaration,
                                             String field, String shownType) {
    String owner = "fixtures." + simpleName;
    return new InvalidCase(name, withField(simpleName, imports, declaration), declaration, field,
      String.format(TaskTypeRules.FUNCTIONAL_FIELD_MESSAGE, field, owner, shownType), owner);
  }

  static List<InvalidCase> invalid() {
    return List.of(
      new InvalidCase("anonymous class", new Source("fixtures.Anonymous", HEADER + "\n"
        + "public class Anonymous {\n"
        + "  public Task<Integer> make() {\n"
        + "    return new Task<Integer>() {\n"
        + "      public Integer run(TaskScope scope) {\n"
        + "        return 1;\n"
        + "      }\n"
        + "    };\n"
        + "  }\n"
        + "}\n"), "return new Task<Integer>() {", "new Task",
        String.format(TaskTypeRules.ANONYMOUS_MESSAGE, "fixtures.Anonymous$1"), "fixtures.Anonymous$1"),

      new InvalidCase("enum constant with a body", new Source("fixtures.Ops", HEADER + "\n"
        + "public enum Ops implements Task<Integer> {\n"
        + "  PLAIN,\n"
        + "  SPECIAL {\n"
        + "    @Override public Integer run(TaskScope scope) { return 2; }\n"
        + "  };\n"
        + "  public Integer run(TaskScope scope) { return 1; }\n"
        + "}\n"), "SPECIAL {", null,
        String.format(TaskTypeRules.ANONYMOUS_MESSAGE, "fixtures.Ops$1"), "fixtures.Ops$1"),

      new InvalidCase("local class", new Source("fixtures.LocalHolder", HEADER + "\n"
        + "public class LocalHolder {\n"
        + "  public Task<Integer> make() {\n"
        + "    class Local implements Task<Integer> {\n"
        + "      public Integer run(TaskScope scope) { return 1; }\n"
        + "    }\n"
        + "    return new Local();\n"
        + "  }\n"
        + "}\n"), "class Local implements", null,
        String.format(TaskTypeRules.LOCAL_MESSAGE, "fixtures.LocalHolder$1Local"), "fixtures.LocalHolder$1Local"),

      new InvalidCase("non-static inner class", new Source("fixtures.Outer", HEADER + "\n"
        + "public class Outer {\n"
        + "  public class Inner implements Task<Integer> {\n"
        + "    public Integer run(TaskScope scope) { return 1; }\n"
        + "  }\n"
        + "}\n"), "public class Inner implements", null,
        String.format(TaskTypeRules.INNER_MESSAGE, "fixtures.Outer$Inner"), "fixtures.Outer$Inner"),

      new InvalidCase("lambda", new Source("fixtures.Lambdas", HEADER + "\n"
        + "public class Lambdas {\n"
        + "  public static Task<Integer> make() {\n"
        + "    Task<Integer> task = scope -> 42;\n"
        + "    return task;\n"
        + "  }\n"
        + "}\n"), "Task<Integer> task = scope -> 42;", "scope ->",
        String.format(TaskTypeRules.LAMBDA_MESSAGE, "fixtures.Lambdas" + ClosureScanner.LAMBDA_SUFFIX), null),

      new InvalidCase("method reference", new Source("fixtures.References", HEADER + "\n"
        + "public class References {\n"
        + "  static Integer answer(TaskScope scope) { return 42; }\n"
        + "  public static Task<Integer> make() {\n"
        + "    return References::answer;\n"
        + "  }\n"
        + "}\n"), "return References::answer;", "References::answer",
        String.format(TaskTypeRules.LAMBDA_MESSAGE, "fixtures.References" + ClosureScanner.LAMBDA_SUFFIX), null),

      new InvalidCase("record with a Function component", new Source("fixtures.Mapping", HEADER
        + "import java.util.function.Function;\n\n"
        + "public record Mapping(String input, Function<String, Integer> mapper) implements Task<Integer> {\n"
        + "  public Integer run(TaskScope scope) { return mapper.apply(input); }\n"
        + "}\n"), "public record Mapping(", "mapper",
        String.format(TaskTypeRules.FUNCTIONAL_FIELD_MESSAGE, "mapper", "fixtures.Mapping",
          "java.util.function.Function<java.lang.String, java.lang.Integer>"), "fixtures.Mapping"),

      forbiddenField("HoldsRunnable", "", "Runnable", "action", "java.lang.Runnable", "java.lang.Runnable"),
      // Thread is also a Runnable: both checks give the reason of whichever FORBIDDEN_TYPES lists first
      forbiddenField("HoldsThread", "", "Thread", "thread", "java.lang.Thread",
        firstListed("java.lang.Thread", "java.lang.Runnable")),
      forbiddenField("HoldsExecutor", "import java.util.concurrent.ExecutorService;\n", "ExecutorService",
        "executor", "java.util.concurrent.ExecutorService", "java.util.concurrent.Executor"),
      forbiddenField("HoldsStream", "import java.io.InputStream;\n", "InputStream", "in", "java.io.InputStream",
        "java.io.InputStream"),
      forbiddenField("HoldsConnection", "import java.sql.Connection;\n", "Connection", "connection",
        "java.sql.Connection", "java.sql.Connection"),
      forbiddenField("HoldsVertx", "import io.vertx.core.Vertx;\n", "Vertx", "vertx", "io.vertx.core.Vertx",
        "io.vertx.core.Vertx"),
      forbiddenField("HoldsFuture", "import io.vertx.core.Future;\n", "Future<String>", "pending",
        "io.vertx.core.Future<java.lang.String>", "io.vertx.core.Future"),
      forbiddenField("HoldsScope", "", "TaskScope", "held", "io.phalanx.parallel.task.TaskScope",
        "io.phalanx.parallel.task.TaskScope"),
      forbiddenField("HoldsRunnables", "", "Runnable[]", "actions", "java.lang.Runnable[]", "java.lang.Runnable"),
      forbiddenField("HoldsWildcard", "import java.util.Map;\n", "Map<String, ? extends Runnable>", "byName",
        "java.util.Map<java.lang.String, ? extends java.lang.Runnable>", "java.lang.Runnable"),

      functionalField("list of suppliers", "HoldsSuppliers",
        "import java.util.List;\nimport java.util.function.Supplier;\n", "List<Supplier<String>> suppliers;",
        "suppliers", "java.util.List<java.util.function.Supplier<java.lang.String>>"),

      new InvalidCase("user-declared functional interface", new Source("fixtures.Scored", HEADER + "\n"
        + "@FunctionalInterface\n"
        + "interface Scorer {\n"
        + "  int score(String text);\n"
        + "}\n\n"
        + "public record Scored(String text, Scorer scorer) implements Task<Integer> {\n"
        + "  public Integer run(TaskScope scope) { return scorer.score(text); }\n"
        + "}\n"), "public record Scored(", "scorer",
        String.format(TaskTypeRules.FUNCTIONAL_FIELD_MESSAGE, "scorer", "fixtures.Scored", "fixtures.Scorer"),
        "fixtures.Scored"),

      new InvalidCase("type variable bounded by a forbidden type", new Source("fixtures.Boxed", HEADER + "\n"
        + "public record Boxed<T extends Runnable>(T value) implements Task<String> {\n"
        + "  public String run(TaskScope scope) { return \"\"; }\n"
        + "}\n"), "public record Boxed<", "value",
        String.format(TaskTypeRules.FIELD_MESSAGE, "value", "fixtures.Boxed", "T", reason("java.lang.Runnable")),
        "fixtures.Boxed"),

      new InvalidCase("field inherited from an abstract base", new Source("fixtures.Concrete", HEADER + "\n"
        + "abstract class Base implements Task<String> {\n"
        + "  protected Runnable callback;\n"
        + "}\n\n"
        + "public class Concrete extends Base {\n"
        + "  public String run(TaskScope scope) { return \"\"; }\n"
        + "}\n"), "public class Concrete extends Base", null,
        String.format(TaskTypeRules.FIELD_MESSAGE, "callback", "fixtures.Concrete", "java.lang.Runnable",
          reason("java.lang.Runnable")), "fixtures.Concrete"),

      new InvalidCase("not constructible", new Source("fixtures.Sum", HEADER + "\n"
        + "public final class Sum implements Task<Integer> {\n"
        + "  private final int a;\n"
        + "  private final int b;\n\n"
        + "  public Sum(int a, int b) {\n"
        + "    this.a = a;\n"
        + "    this.b = b;\n"
        + "  }\n\n"
        + "  public Integer run(TaskScope scope) { return a + b; }\n"
        + "}\n"), "public final class Sum implements", null,
        String.format(TaskTypeRules.NOT_CONSTRUCTIBLE_MESSAGE, "fixtures.Sum"), "fixtures.Sum"),

      // several problems: only the first, in the run-time order, is reported
      new InvalidCase("inner class with a bad field and no usable constructor", new Source("fixtures.Many", HEADER
        + "\npublic class Many {\n"
        + "  public class Worse implements Task<Integer> {\n"
        + "    Runnable action;\n"
        + "    public Worse(int ignored) { }\n"
        + "    public Integer run(TaskScope scope) { return 1; }\n"
        + "  }\n"
        + "}\n"), "public class Worse implements", null,
        String.format(TaskTypeRules.INNER_MESSAGE, "fixtures.Many$Worse"), "fixtures.Many$Worse"),

      new InvalidCase("two bad fields and no usable constructor", new Source("fixtures.TwoFields", HEADER + "\n"
        + "public class TwoFields implements Task<Integer> {\n"
        + "  private final Runnable first;\n"
        + "  private final Thread second;\n"
        + "  public TwoFields(Runnable first, Thread second) { this.first = first; this.second = second; }\n"
        + "  public Integer run(TaskScope scope) { return 1; }\n"
        + "}\n"), "private final Runnable first;", "first",
        String.format(TaskTypeRules.FIELD_MESSAGE, "first", "fixtures.TwoFields", "java.lang.Runnable",
          reason("java.lang.Runnable")), "fixtures.TwoFields"));
  }

  /** Valid tasks by binary name of the concrete task classes each defines, then the source. */
  record ValidCase(String name, Source source, List<String> taskClasses) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static ValidCase record(String name, String simpleName, String imports, String components,
                                  String extra) {
    return new ValidCase(name, new Source("fixtures." + simpleName, HEADER + imports + "\n"
      + "public record " + simpleName + "(" + components + ") implements Task<String> {\n"
      + extra
      + "  public String run(TaskScope scope) { return \"\"; }\n"
      + "}\n"), List.of("fixtures." + simpleName));
  }

  static List<ValidCase> valid() {
    return List.of(
      record("record of primitives", "Primitives", "",
        "int i, long l, double d, float f, boolean z, char c, byte b, short s", ""),
      record("record of strings", "Strings", "", "String text, String[] parts, CharSequence sequence", ""),
      record("record with an enum", "WithEnum", "", "Mode mode",
        "  public enum Mode { FAST, SLOW }\n"),
      record("record of lists", "Lists", "import java.util.List;\nimport java.util.Set;\n",
        "List<Integer> values, Set<String> tags, List<List<String>> rows", ""),
      record("record of maps", "Maps", "import java.util.List;\nimport java.util.Map;\n",
        "Map<String, List<Integer>> groups, Map<String, ?> loose", ""),
      new ValidCase("nested records", new Source("fixtures.Segment", HEADER + "\n"
        + "public record Segment(Point from, Point to) implements Task<Double> {\n"
        + "  public record Point(double x, double y) { }\n"
        + "  public Double run(TaskScope scope) { return Math.hypot(to.x() - from.x(), to.y() - from.y()); }\n"
        + "}\n"), List.of("fixtures.Segment")),
      record("record with an Optional", "WithOptional", "import java.util.Optional;\n",
        "Optional<String> label", ""),
      new ValidCase("static class with a no-argument constructor", new Source("fixtures.Holder", HEADER + "\n"
        + "public class Holder {\n"
        + "  public static class Count implements Task<Integer> {\n"
        + "    public int from;\n"
        + "    public int to;\n"
        + "    public Count() { }\n"
        + "    public Integer run(TaskScope scope) { return to - from; }\n"
        + "  }\n"
        + "}\n"), List.of("fixtures.Holder$Count")),
      new ValidCase("class with a @JsonCreator constructor", new Source("fixtures.Created", HEADER
        + "import com.fasterxml.jackson.annotation.JsonCreator;\n"
        + "import com.fasterxml.jackson.annotation.JsonProperty;\n\n"
        + "public final class Created implements Task<Integer> {\n"
        + "  private final int a;\n"
        + "  @JsonCreator\n"
        + "  public Created(@JsonProperty(\"a\") int a) { this.a = a; }\n"
        + "  public int getA() { return a; }\n"
        + "  public Integer run(TaskScope scope) { return a; }\n"
        + "}\n"), List.of("fixtures.Created")),
      new ValidCase("class with a @JsonCreator factory", new Source("fixtures.Factory", HEADER
        + "import com.fasterxml.jackson.annotation.JsonCreator;\n\n"
        + "public final class Factory implements Task<String> {\n"
        + "  private final String text;\n"
        + "  private Factory(String text) { this.text = text; }\n"
        + "  @JsonCreator\n"
        + "  public static Factory of(String text) { return new Factory(text); }\n"
        + "  public String run(TaskScope scope) { return text; }\n"
        + "}\n"), List.of("fixtures.Factory")),
      new ValidCase("enum implementing Task", new Source("fixtures.Ping", HEADER + "\n"
        + "public enum Ping implements Task<String> {\n"
        + "  ONCE, TWICE;\n"
        + "  private final Runnable ignoredForEnums = null;\n"
        + "  public String run(TaskScope scope) { return name(); }\n"
        + "}\n"), List.of("fixtures.Ping")),
      new ValidCase("abstract base class and concrete subclass", new Source("fixtures.Square", HEADER + "\n"
        + "abstract class Shape implements Task<Double> {\n"
        + "  public double size;\n"
        + "}\n\n"
        + "public class Square extends Shape {\n"
        + "  public Double run(TaskScope scope) { return size * size; }\n"
        + "}\n"), List.of("fixtures.Square")),
      new ValidCase("abstract class and interface with closures are not checked", new Source("fixtures.Unsent",
        HEADER + "\n"
        + "public interface Unsent extends Task<String> {\n"
        + "  abstract class Partial implements Unsent {\n"
        + "    Runnable action;\n"
        + "    Partial(int x) { }\n"
        + "  }\n"
        + "  record Sent(int n) implements Unsent {\n"
        + "    public String run(TaskScope scope) { return \"\" + n; }\n"
        + "  }\n"
        + "}\n"), List.of("fixtures.Unsent$Sent")),
      new ValidCase("generic task, nested task, ignored fields, unrelated lambdas", new Source("fixtures.Wrapper",
        HEADER
        + "import java.util.List;\n"
        + "import java.util.function.Supplier;\n\n"
        + "public class Wrapper<T> implements Task<T> {\n"
        + "  static final Supplier<String> DEFAULT = () -> \"x\";\n"
        + "  transient Runnable onDone;\n"
        + "  public Task<T> inner;\n"
        + "  public List<T> items;\n"
        + "  public T run(TaskScope scope) throws Exception {\n"
        + "    items.forEach(item -> System.out.println(item));\n"
        + "    return inner.run(scope);\n"
        + "  }\n"
        + "}\n"), List.of("fixtures.Wrapper")));
  }
}
