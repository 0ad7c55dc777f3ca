package io.phalanx.parallel.codegen;

import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiles fixture sources in-process with the system compiler and a given processor, against the test class path
 * (so Task, Jackson and Vert.x resolve), into a folder.
 */
final class FixtureCompiler {

  private FixtureCompiler() {
  }

  /** One fixture file: its top-level class name (with package) and its text. */
  record Source(String className, String text) {

    int lineOf(String fragment) {
      String[] lines = text.split("\n", -1);
      int found = -1;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(fragment)) {
          if (found != -1) {
            throw new IllegalArgumentException("'" + fragment + "' is on several lines of " + className);
          }
          found = i + 1;
        }
      }
      if (found == -1) {
        throw new IllegalArgumentException("'" + fragment + "' is not in " + className);
      }
      return found;
    }
  }

  /** What javac said. */
  record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path output) {

    /** Diagnostics the processor printed (through the Messager or Trees), of one kind. */
    List<Diagnostic<? extends JavaFileObject>> fromProcessor(Diagnostic.Kind kind) {
      String code = kind == Diagnostic.Kind.ERROR ? "compiler.err.proc.messager" : "compiler.warn.proc.messager";
      return diagnostics.stream().filter(d -> d.getKind() == kind && code.equals(d.getCode()))
        .collect(Collectors.toList());
    }

    List<Diagnostic<? extends JavaFileObject>> ofKind(Diagnostic.Kind kind) {
      return diagnostics.stream().filter(d -> d.getKind() == kind).collect(Collectors.toList());
    }

    @Override
    public String toString() {
      return diagnostics.stream().map(d -> d.getKind() + " " + d.getCode() + " line " + d.getLineNumber() + ": "
        + d.getMessage(null)).collect(Collectors.joining("\n", "success=" + success + "\n", ""));
    }
  }

  static Result compile(Path output, List<String> options, Source... sources) {
    return compile(output, List.of(new TaskProcessor()), options, List.of(), List.of(sources));
  }

  static Result compile(Path output, List<? extends Processor> processors, List<String> options,
                        List<Path> extraClassPath, List<Source> sources) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
      for (Path extra : extraClassPath) {
        classPath.append(File.pathSeparatorChar).append(extra);
      }
      List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "-classpath", classPath.toString()));
      arguments.addAll(options);
      List<JavaFileObject> units = sources.stream().map(FixtureCompiler::unit).collect(Collectors.toList());
      JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, arguments, null, units);
      task.setProcessors(processors);
      boolean success = task.call();
      return new Result(success, diagnostics.getDiagnostics(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JavaFileObject unit(Source source) {
    URI uri = URI.create("string:///" + source.className().replace('.', '/') + ".java");
    return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source.text();
      }
    };
  }

}
