package io.phalanx.parallel.codegen;

import io.phalanx.parallel.codegen.FixtureCompiler.Source;
import io.phalanx.parallel.tasktypes.TaskTypeRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Build tools may hand processors a wrapped processing environment, through which javac's Trees API cannot be
 * reached. The processor must then still check member classes and skip lambdas, anonymous and local classes quietly.
 */
class ForeignEnvironmentTest {

  @Test
  void checksMemberClassesWithoutTheTreesApi(@TempDir Path out) {
    Fixtures.InvalidCase inner = find("non-static inner class");
    WrappingProcessor processor = new WrappingProcessor();

    FixtureCompiler.Result result = FixtureCompiler.compile(out, List.of(processor), List.of(), List.of(),
      List.of(inner.source()));

    assertThat(processor.delegate.closuresChecked()).isFalse();
    assertThat(result.ofKind(Diagnostic.Kind.ERROR)).as("%s", result).hasSize(1);
    assertThat(result.fromProcessor(Diagnostic.Kind.ERROR).get(0).getMessage(Locale.ROOT))
      .isEqualTo(String.format(TaskTypeRules.INNER_MESSAGE, "fixtures.Outer$Inner"));
  }

  @Test
  void skipsClosuresWithoutTheTreesApi(@TempDir Path out) {
    List<Source> closures = List.of(find("lambda").source(), find("anonymous class").source(),
      find("local class").source());

    FixtureCompiler.Result result = FixtureCompiler.compile(out, List.of(new WrappingProcessor()), List.of(),
      List.of(), closures);

    assertThat(result.success()).as("%s", result).isTrue();
    assertThat(result.diagnostics()).as("%s", result).isEmpty();
  }

  @Test
  void checksClosuresWithJavacsOwnEnvironment(@TempDir Path out) {
    TaskProcessor processor = new TaskProcessor();

    FixtureCompiler.compile(out, List.of(processor), List.of(), List.of(), List.of(find("lambda").source()));

    assertThat(processor.closuresChecked()).isTrue();
  }

  private static Fixtures.InvalidCase find(String name) {
    return Fixtures.invalid().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** Passes the processor a proxy of javac's environment, as a build tool's wrapper would. */
  private static final class WrappingProcessor implements Processor {

    final TaskProcessor delegate = new TaskProcessor();

    @Override
    public void init(ProcessingEnvironment env) {
      delegate.init((ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ProcessingEnvironment.class}, (proxy, method, args) -> {
          try {
            return method.invoke(env, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                                                         ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }
}
