package io.phalanx.parallel.codegen;

import io.phalanx.parallel.codegen.Fixtures.InvalidCase;
import io.phalanx.parallel.tasktypes.TaskClassInspector;
import io.phalanx.parallel.tasktypes.TaskTypeRules;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code -Aphalanx.tasks.warnOnly=true} each invalid fixture compiles, with its one diagnostic as a warning;
 * the class file then lets the run-time {@link TaskClassInspector} judge the same class, which must say the same.
 */
class WarnOnlyAndRuntimeParityTest {

  static List<InvalidCase> cases() {
    return Fixtures.invalid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void warnsWithTheMessageTheRuntimeCheckGives(InvalidCase invalid, @TempDir Path out) throws Exception {
    FixtureCompiler.Result result = FixtureCompiler.compile(out,
      List.of("-A" + TaskProcessor.WARN_ONLY_OPTION + "=true"), invalid.source());

    assertThat(result.success()).as("%s", result).isTrue();
    assertThat(result.ofKind(Diagnostic.Kind.ERROR)).as("%s", result).isEmpty();
    assertThat(result.fromProcessor(Diagnostic.Kind.WARNING)).as("%s", result).hasSize(1);
    Diagnostic<? extends JavaFileObject> warning = result.fromProcessor(Diagnostic.Kind.WARNING).get(0);
    assertThat(warning.getMessage(Locale.ROOT)).isEqualTo(invalid.message());
    assertThat(warning.getLineNumber()).isEqualTo(invalid.source().lineOf(invalid.lineFragment()));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      if (invalid.runtimeClass() != null) {
        Class<?> type = Class.forName(invalid.runtimeClass(), false, loader);
        assertThat(TaskClassInspector.problem(type)).contains(invalid.message());
      } else {
        // a lambda's class exists only at run time: its name starts with what the processor shows
        Object lambda = loader.loadClass(invalid.source().className()).getMethod("make").invoke(null);
        String runtimeName = lambda.getClass().getName();
        assertThat(TaskClassInspector.problem(lambda.getClass()))
          .contains(String.format(TaskTypeRules.LAMBDA_MESSAGE, runtimeName));
        assertThat(runtimeName).startsWith(invalid.source().className() + ClosureScanner.LAMBDA_SUFFIX);
      }
    }
  }
}
