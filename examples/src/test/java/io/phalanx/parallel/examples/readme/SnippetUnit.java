package io.phalanx.parallel.examples.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown snippet made into a Java source file. Its {@code import} lines become the file's imports, its top-level
 * type declarations the file's top-level types (without {@code public}, so that several fit in one file), and the
 * rest (statements and expressions) the body of a method of a class that extends {@link SnippetContext}, which
 * declares the names a snippet leaves to the reader ({@code vertx}, {@code router}, ...). A snippet with a
 * {@code package} line is a {@code package-info.java} of its own.
 * <p>
 * The snippets of one Markdown file share a package, as a reader shares them: a task declared in one snippet is
 * used by the next.
 */
final class SnippetUnit {

  /** What every snippet may use without importing it. */
  static final List<String> IMPORTS = List.of(
    "io.phalanx.parallel.*", "io.phalanx.parallel.task.*", "io.phalanx.parallel.service.*",
    "io.phalanx.parallel.dashboard.*", "io.phalanx.parallel.examples.readme.*",
    "io.vertx.codegen.annotations.*", "io.vertx.core.*", "io.vertx.core.eventbus.*", "io.vertx.core.http.*",
    "io.vertx.core.json.*", "io.vertx.core.net.*", "io.vertx.core.streams.*", "java.util.*",
    "java.util.concurrent.TimeUnit", "java.util.function.*");

  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE = Pattern.compile(
    "^(?:(?:public|protected|abstract|final|sealed|static)\\s+)*(?:record|class|interface|enum|@interface)\\s");

  /** A line of the generated file and the Markdown line it came from (-1 for generated lines). */
  record Line(String text, int markdownIndex) {
  }

  private final String className;
  private final List<Line> lines;

  private SnippetUnit(String className, List<Line> lines) {
    this.className = className;
    this.lines = lines;
  }

  /** The fully qualified name of the file's class ({@code package-info} for a package snippet). */
  String className() {
    return className;
  }

  String text() {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line.text()).append('\n'));
    return text.toString();
  }

  /** @return the index of the snippet line behind a line of the file (from 1), or -1 */
  int snippetIndex(long fileLine) {
    return fileLine >= 1 && fileLine <= lines.size() ? lines.get((int) fileLine - 1).markdownIndex() : -1;
  }

  static SnippetUnit of(MarkdownJava.Block block, String packageName, String simpleName) {
    for (String line : block.lines()) {
      Matcher declared = PACKAGE.matcher(line.strip());
      if (declared.find()) {
        return new SnippetUnit(declared.group(1) + ".package-info", numbered(block.lines()));
      }
    }
    List<Line> imports = new ArrayList<>();
    List<Line> types = new ArrayList<>();
    List<Line> statements = new ArrayList<>();
    int depth = 0;
    boolean inType = false;
    for (int i = 0; i < block.lines().size(); i++) {
      String line = block.lines().get(i);
      String code = line.strip();
      if (depth == 0 && !inType && code.startsWith("import ")) {
        imports.add(new Line(line, i));
        continue;
      }
      if (depth == 0 && !inType && (code.startsWith("@") || TYPE.matcher(code).find())) {
        inType = true;
      }
      if (!inType) {
        statements.add(new Line("    " + line, i));
        continue;
      }
      boolean header = depth == 0 && TYPE.matcher(code).find();
      types.add(new Line(header ? line.replaceFirst("^public\\s+", "") : line, i));
      depth += braces(line);
      if (depth == 0 && line.contains("}")) {
        inType = false;
      }
    }

    List<Line> file = new ArrayList<>();
    file.add(new Line("package " + packageName + ";", -1));
    IMPORTS.forEach(name -> file.add(new Line("import " + name + ";", -1)));
    file.addAll(imports);
    file.addAll(types);
    file.add(new Line("class " + simpleName + " extends SnippetContext {", -1));
    file.add(new Line("  void run() throws Exception {", -1));
    file.addAll(statements);
    file.add(new Line("  }", -1));
    file.add(new Line("}", -1));
    return new SnippetUnit(packageName + "." + simpleName, file);
  }

  private static List<Line> numbered(List<String> code) {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < code.size(); i++) {
      lines.add(new Line(code.get(i), i));
    }
    return lines;
  }

  /** Opening less closing braces on a line, outside strings, characters and line comments. */
  static int braces(String line) {
    String code = line.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("'(\\\\.|[^'\\\\])+'", "''")
      .replaceAll("//.*$", "");
    return (int) (code.chars().filter(c -> c == '{').count() - code.chars().filter(c -> c == '}').count());
  }
}
