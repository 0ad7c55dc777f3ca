package io.phalanx.parallel.codegen;

import io.phalanx.parallel.codegen.Fixtures.ValidCase;
import io.phalanx.parallel.tasktypes.TaskClassInspector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

class ValidTaskTest {

  static List<ValidCase> cases() {
    return Fixtures.valid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilesCleanAndPassesTheRuntimeCheck(ValidCase valid, @TempDir Path out) throws Exception {
    FixtureCompiler.Result result = FixtureCompiler.compile(out, List.of(), valid.source());

    assertThat(result.success()).as("%s", result).isTrue();
    assertThat(result.ofKind(Diagnostic.Kind.ERROR)).as("%s", result).isEmpty();
    assertThat(result.ofKind(Diagnostic.Kind.WARNING)).as("%s", result).isEmpty();
    assertThat(result.ofKind(Diagnostic.Kind.MANDATORY_WARNING)).as("%s", result).isEmpty();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      for (String taskClass : valid.taskClasses()) {
        assertThat(TaskClassInspector.problem(Class.forName(taskClass, false, loader))).as(taskClass).isEmpty();
      }
    }
  }
}
