package io.phalanx.parallel.codegen;

import io.phalanx.parallel.codegen.FixtureCompiler.Source;
import io.phalanx.parallel.tasktypes.TaskIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

import static org.assertj.core.api.Assertions.assertThat;

class TaskIndexTest {

  private static final List<String> WARN_ONLY = List.of("-A" + TaskProcessor.WARN_ONLY_OPTION + "=true");

  private static final Source NOT_A_TASK = new Source("fixtures.Plain",
    "package fixtures;\n\npublic record Plain(Runnable action) { }\n");

  @Test
  void listsValidConcreteTasksSortedByName(@TempDir Path out) throws IOException {
    List<Source> sources = new ArrayList<>();
    Set<String> expected = new TreeSet<>();
    for (Fixtures.ValidCase valid : Fixtures.valid()) {
      sources.add(valid.source());
      expected.addAll(valid.taskClasses());
    }
    for (Fixtures.InvalidCase invalid : Fixtures.invalid()) {
      sources.add(invalid.source());
    }
    // the enum is valid; only the class of its constant with a body, Ops$1, is not
    expected.add("fixtures.Ops");
    sources.add(NOT_A_TASK);

    FixtureCompiler.Result result = compile(out, List.of(), sources);

    assertThat(result.success()).as("%s", result).isTrue();
    assertThat(expected).contains("fixtures.Holder$Count", "fixtures.Unsent$Sent", "fixtures.Ping");
    assertThat(Files.readAllLines(out.resolve(TaskIndex.RESOURCE))).containsExactlyElementsOf(expected);
    assertThat(load(out)).containsExactlyElementsOf(expected);
  }

  @Test
  void includesTasksGeneratedInALaterRound(@TempDir Path out) throws IOException {
    Source written = new Source("fixtures.Written", "package fixtures;\n\n"
      + "public record Written(int n) implements io.phalanx.parallel.task.Task<Integer> {\n"
      + "  public Integer run(io.phalanx.parallel.task.TaskScope scope) { return n; }\n"
      + "}\n");

    FixtureCompiler.Result result = FixtureCompiler.compile(out, List.of(new GeneratingProcessor(),
      new TaskProcessor()), List.of(), List.of(), List.of(written));

    assertThat(result.success()).as("%s", result).isTrue();
    assertThat(Files.readAllLines(out.resolve(TaskIndex.RESOURCE)))
      .containsExactly("fixtures.Generated", "fixtures.Written");
  }

  @Test
  void keepsEntriesOfAnEarlierCompileIntoTheSameOutput(@TempDir Path out) throws IOException {
    Source first = task("First", "int n");
    Source second = task("Second", "int n");
    compile(out, List.of(), List.of(first, second));

    // an incremental compiler recompiles Second only, now broken, then adds Third
    compile(out, List.of(out), List.of(task("Second", "Runnable action")));
    assertThat(Files.readAllLines(out.resolve(TaskIndex.RESOURCE))).containsExactly("fixtures.First");

    compile(out, List.of(out), List.of(task("Third", "String text")));
    assertThat(Files.readAllLines(out.resolve(TaskIndex.RESOURCE))).containsExactly("fixtures.First",
      "fixtures.Third");
  }

  @Test
  void writesNoIndexWithoutTasks(@TempDir Path out) {
    FixtureCompiler.Result result = compile(out, List.of(), List.of(NOT_A_TASK));

    assertThat(result.success()).as("%s", result).isTrue();
    assertThat(out.resolve(TaskIndex.RESOURCE)).doesNotExist();
    assertThat(load(out)).isEmpty();
  }

  @Test
  void loadUnitesEveryIndexOnTheClassPath(@TempDir Path one, @TempDir Path two) throws IOException {
    write(one, "b.Second\n\n# a comment\na.First\n");
    write(two, "  c.Third$Nested  \na.First\n");

    assertThat(load(one, two)).containsExactly("a.First", "b.Second", "c.Third$Nested");
  }

  private static Source task(String simpleName, String components) {
    return new Source("fixtures." + simpleName, "package fixtures;\n\n"
      + "public record " + simpleName + "(" + components + ") implements io.phalanx.parallel.task.Task<String> {\n"
      + "  public String run(io.phalanx.parallel.task.TaskScope scope) { return \"\"; }\n"
      + "}\n");
  }

  private static FixtureCompiler.Result compile(Path out, List<Path> classPath, List<Source> sources) {
    return FixtureCompiler.compile(out, List.of(new TaskProcessor()), WARN_ONLY, classPath, sources);
  }

  private static void write(Path root, String text) throws IOException {
    Path file = root.resolve(TaskIndex.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static Set<String> load(Path... roots) {
    URL[] urls = new URL[roots.length];
    for (int i = 0; i < roots.length; i++) {
      try {
        urls[i] = roots[i].toUri().toURL();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // the platform loader as parent: only the given folders can contribute an index
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      return TaskIndex.load(loader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a task source in its first round, as a code generator would. */
  private static final class GeneratingProcessor extends AbstractProcessor {

    private boolean generated;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!generated) {
        generated = true;
        try (Writer out = processingEnv.getFiler().createSourceFile("fixtures.Generated").openWriter()) {
          out.write(task("Generated", "long n").text());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
