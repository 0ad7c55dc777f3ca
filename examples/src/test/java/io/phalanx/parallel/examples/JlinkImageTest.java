package io.phalanx.parallel.examples;

import io.phalanx.parallel.testsupport.ChildProcesses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The thumbnails example as a named module ({@code src/jlink/module-info.java}), linked with the pool, Vert.x, Netty
 * and Jackson into a {@code jlink} image, and run from it: the parent runs from modules only, so its workers must
 * start from the same modules ({@code -m io.phalanx.parallel.worker/...}), with no class path at all.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JlinkImageTest {

  static final String MODULE = "io.phalanx.parallel.examples.thumbnails";
  static final String MAIN = MODULE + "/" + ThumbnailsExample.class.getName();
  /** What a worker started from a module has on its command line. */
  static final String WORKER_FROM_MODULE = "io.phalanx.parallel.worker/" + ChildProcesses.WORKER_MAIN;
  /** The database example's part of the package: it needs H2, which is no module. */
  static final Set<String> NOT_IN_THE_MODULE = Set.of("DatabaseExample.java", "CountPrimes.java", "PrimeSieve.java");

  @TempDir
  static Path build;
  /** The jars of the class path that are named modules: the pool's, Vert.x's, Netty's, Jackson's. */
  static String modulePath;
  static Path compiled;

  @BeforeAll
  static void compileTheModule() throws IOException {
    modulePath = namedModulesOf(System.getProperty("java.class.path"));
    compiled = build.resolve("mods").resolve(MODULE);
    List<String> args = new ArrayList<>(List.of("-proc:none", "-encoding", "UTF-8", "-d", compiled.toString(),
      "--module-path", modulePath, Path.of("src/jlink/module-info.java").toString()));
    try (Stream<Path> sources = Files.list(Path.of("src/main/java/io/phalanx/parallel/examples"))) {
      sources.filter(source -> source.toString().endsWith(".java"))
        .filter(source -> !NOT_IN_THE_MODULE.contains(source.getFileName().toString()))
        .forEach(source -> args.add(source.toString()));
    }
    run("javac", args);
  }

  @Test
  void theExampleRunsFromAnImageWithNoClassPath() throws Exception {
    Path jmods = Path.of(System.getProperty("java.home"), "jmods");
    // Debian ships them apart (openjdk-17-jmods); CI's JDK has them, and there the test must run
    assumeTrue(Files.isDirectory(jmods) || "true".equals(System.getenv("CI")),
      "no " + jmods + ": this JDK cannot link images");
    Path image = build.resolve("image");
    run("jlink", List.of("--module-path", jmods + File.pathSeparator + modulePath + File.pathSeparator
        + compiled.getParent(), "--add-modules", MODULE + ",jdk.unsupported", "--output", image.toString(),
      "--strip-debug", "--no-header-files", "--no-man-pages", "--generate-cds-archive"));

    Finished example = runExample(image.resolve("bin").resolve("java"), List.of());

    assertThat(modulesOf(image)).contains(MODULE, "io.phalanx.parallel", "io.phalanx.parallel.worker");
    example.assertThumbnailedFromModules();
  }

  @Test
  void theExampleRunsFromAModulePath() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    Finished example = runExample(java, List.of("--module-path", requiredModules()));

    example.assertThumbnailedFromModules();
  }

  /** What one run of the example printed, and the command lines of the workers seen while it ran. */
  record Finished(int status, String output, Path out, List<String> workers) {

    void assertThumbnailedFromModules() throws IOException {
      assertThat(status).as(output).isZero();
      assertThat(output).contains("thumbnails   byte-identical in both runs");
      assertThat(workers).as("workers seen while it ran").isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("-m " + WORKER_FROM_MODULE).doesNotContain(" -cp "));
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.filter(file -> file.getFileName().toString().endsWith(".thumb.png")).count())
          .isEqualTo(Options.QUICK_IMAGES);
      }
    }
  }

  /**
   * Runs the example's quick mode with {@code java}, watching for its workers while it runs; afterwards no process
   * whose command line names this test's folder (the image, the module path) may be left, orphaned workers included.
   */
  private static Finished runExample(Path java, List<String> options) throws Exception {
    String marker = build.toString();
    Path out = Files.createTempDirectory(build, "out");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.awt.headless=true"));
    command.addAll(options);
    command.addAll(List.of("-m", MAIN, "--quick", "--workers", "2", "--out", out.toString()));
    Path log = build.resolve("example-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // a CLASSPATH in the environment would give the example a class path after all
    builder.environment().remove("CLASSPATH");
    Process process = builder.start();
    try {
      List<String> workers = new ArrayList<>();
      while (process.isAlive() && workers.isEmpty()) {
        // the process table has no event for a new process: it is polled while the example runs
        process.waitFor(20, TimeUnit.MILLISECONDS);
        ChildProcesses.anywhere(marker).stream()
          .filter(p -> p.pid() != process.pid())
          .map(ChildProcesses::commandLine)
          .filter(line -> line.contains(ChildProcesses.WORKER_MAIN))
          .forEach(workers::add);
      }
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the example ends").isTrue();
      return new Finished(process.exitValue(), Files.readString(log), out, workers);
    } finally {
      process.destroyForcibly();
      ChildProcesses.assertGoneAnywhere(marker, Duration.ofSeconds(20));
    }
  }

  /** @return the class path's entries that are named modules (jars with a module-info), joined as a module path */
  private static String namedModulesOf(String classpath) {
    List<String> modules = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      try {
        if (Files.isRegularFile(path) && ModuleFinder.of(path).findAll().stream()
          .map(ModuleReference::descriptor).noneMatch(descriptor -> descriptor.isAutomatic())) {
          modules.add(entry);
        } else if (Files.isRegularFile(path.resolve("module-info.class"))) {
          // a reactor module's classes folder, when the tests run before its jar is built
          modules.add(entry);
        }
      } catch (FindException e) {
        // not a module: left out
      }
    }
    return String.join(File.pathSeparator, modules);
  }

  /**
   * @return the module path of just the modules the example requires, as jlink picks them: the class path's other
   * modules (vertx-opentelemetry, say) would be bound as service providers and want jars that are no modules
   */
  private static String requiredModules() {
    ModuleFinder finder = ModuleFinder.of(Stream.concat(Stream.of(modulePath.split(File.pathSeparator)).map(Path::of),
      Stream.of(compiled.getParent())).toArray(Path[]::new));
    Configuration graph = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
    return graph.modules().stream()
      .map(module -> module.reference().location().map(Path::of).orElseThrow().toString())
      .collect(Collectors.joining(File.pathSeparator));
  }

  private static List<String> modulesOf(Path image) throws IOException {
    return Files.readAllLines(image.resolve("release")).stream()
      .filter(line -> line.startsWith("MODULES="))
      .flatMap(line -> Stream.of(line.substring("MODULES=".length()).replace("\"", "").split(" ")))
      .toList();
  }

  private static void run(String tool, List<String> args) {
    StringWriter printed = new StringWriter();
    PrintWriter writer = new PrintWriter(printed);
    int status = ToolProvider.findFirst(tool).orElseThrow(() -> new AssertionError("this JDK has no " + tool))
      .run(writer, writer, args.toArray(new String[0]));
    writer.flush();
    assertThat(status).as(tool + " " + String.join(" ", args) + "\n" + printed).isZero();
  }
}
