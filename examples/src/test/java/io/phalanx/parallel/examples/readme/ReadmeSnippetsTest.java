package io.phalanx.parallel.examples.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} snippet of the README, of {@code docs/} and of the modules' READMEs compiles, against the API
 * as it is: the snippets of each file together, with the project's annotation processor checking the tasks they
 * declare (see {@link SnippetUnit} for how a snippet becomes a file).
 */
class ReadmeSnippetsTest {

  /** Surefire runs in the module's folder. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static Stream<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules.map(module -> module.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    return files.stream().map(ROOT::relativize);
  }

  @ParameterizedTest
  @MethodSource("markdownFiles")
  void everyJavaSnippetCompiles(Path markdown, @TempDir Path classes) throws IOException {
    List<String> errors = compile(ROOT.resolve(markdown), classes);

    assertThat(errors).as("snippets of %s that do not compile", markdown).isEmpty();
  }

  @Test
  void theSnippetsOfTheReadmeAndOfDocsAreFound() throws IOException {
    List<MarkdownJava.Block> blocks = new ArrayList<>();
    for (Path markdown : markdownFiles().toList()) {
      blocks.addAll(MarkdownJava.blocks(ROOT.resolve(markdown)));
    }

    assertThat(MarkdownJava.blocks(ROOT.resolve("README.md"))).hasSizeGreaterThanOrEqualTo(3);
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(10);
    assertThat(markdownFiles()).contains(Path.of("docs", "services.md"), Path.of("docs", "operations.md"));
    // the health snippet (docs/operations.md) names the packages of its API
    List<String> lines = blocks.stream().flatMap(block -> block.lines().stream()).toList();
    assertThat(lines).anyMatch(line -> line.startsWith("import io.vertx.ext.healthchecks.HealthChecks;"))
      .anyMatch(line -> line.startsWith("import io.vertx.ext.web.healthchecks.HealthCheckHandler;"));
  }

  @Test
  void aSnippetThatDoesNotCompileIsReportedByItsLine(@TempDir Path dir) throws IOException {
    Path markdown = dir.resolve("BROKEN.md");
    Files.writeString(markdown, String.join("\n", "# Broken", "", "```java",
      "record Fine(int a) implements Task<Integer> {", "  public Integer run(TaskScope scope) { return a; }", "}",
      "", "Future<String> five = Parallel.create(vertx).inWorker(new Fine(5));", "```", ""));

    List<String> errors = compile(markdown, Files.createDirectory(dir.resolve("classes")));

    assertThat(errors).singleElement().asString().startsWith("BROKEN.md:8: ").contains("incompatible types");
  }

  /** @return the compiler's errors, each as "FILE.md:LINE: message" */
  private static List<String> compile(Path markdown, Path classes) throws IOException {
    List<MarkdownJava.Block> blocks = MarkdownJava.blocks(markdown);
    if (blocks.isEmpty()) {
      return List.of();
    }
    String packageName = "snippets." + markdown.getFileName().toString().replaceAll("\\W", "_").toLowerCase();
    List<SnippetUnit> units = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      units.add(SnippetUnit.of(blocks.get(i), packageName, "Snippet" + (i + 1)));
    }
    Map<String, Integer> blockOf = new java.util.HashMap<>();
    for (int i = 0; i < units.size(); i++) {
      blockOf.put(units.get(i).className(), i);
    }
    Map<URI, SnippetUnit> byUri = units.stream().collect(Collectors.toMap(ReadmeSnippetsTest::uri,
      Function.identity()));

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
      "-processor", "io.phalanx.parallel.codegen.TaskProcessor", "-Xlint:none");
    List<JavaFileObject> sources = units.stream().map(ReadmeSnippetsTest::source).collect(Collectors.toList());
    compiler.getTask(null, null, diagnostics, options, null, sources).call();

    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
      if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      SnippetUnit unit = diagnostic.getSource() == null ? null : byUri.get(diagnostic.getSource().toUri());
      String where = markdown.getFileName().toString();
      if (unit != null) {
        int index = unit.snippetIndex(diagnostic.getLineNumber());
        MarkdownJava.Block block = blocks.get(blockOf.get(unit.className()));
        where = index >= 0 ? block.where(index) : block.where(0) + " (the code around the snippet)";
      }
      errors.add(where + ": " + diagnostic.getMessage(null));
    }
    return errors;
  }

  private static URI uri(SnippetUnit unit) {
    return URI.create("string:///" + unit.className().replace('.', '/') + ".java");
  }

  private static JavaFileObject source(SnippetUnit unit) {
    return new SimpleJavaFileObject(uri(unit), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return unit.text();
      }
    };
  }
}
