package io.phalanx.parallel.codegen;

import io.phalanx.parallel.codegen.Fixtures.InvalidCase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidTaskTest {

  static List<InvalidCase> cases() {
    return Fixtures.invalid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyOneErrorOnTheOffendingElement(InvalidCase invalid, @TempDir Path out) {
    FixtureCompiler.Result result = FixtureCompiler.compile(out, List.of(), invalid.source());

    assertThat(result.success()).as("%s", result).isFalse();
    assertThat(result.ofKind(Diagnostic.Kind.ERROR)).as("%s", result).hasSize(1);
    assertThat(result.fromProcessor(Diagnostic.Kind.WARNING)).as("%s", result).isEmpty();
    Diagnostic<? extends JavaFileObject> error = result.fromProcessor(Diagnostic.Kind.ERROR).get(0);
    assertThat(error.getMessage(Locale.ROOT)).isEqualTo(invalid.message());
    assertThat(error.getLineNumber()).isEqualTo(invalid.source().lineOf(invalid.lineFragment()));
    if (invalid.positionAt() != null) {
      assertThat(invalid.source().text().substring((int) error.getPosition())).startsWith(invalid.positionAt());
    }
  }
}
