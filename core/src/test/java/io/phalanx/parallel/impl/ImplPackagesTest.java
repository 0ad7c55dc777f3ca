package io.phalanx.parallel.impl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The impl packages form layers: each names the subsystems it uses in its imports, and no two of them use each other,
 * even through a third. Read from the main sources, so that a cycle fails the build with the packages on it.
 */
class ImplPackagesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final String IMPL = "io.phalanx.parallel.impl";
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /** An import, or a qualified name in the code, of a class of an impl package: its package is group 1. */
  private static final Pattern USE = Pattern.compile("\\b(" + Pattern.quote(IMPL) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void noCycleBetweenImplPackages() throws IOException {
    Map<String, Set<String>> uses = implPackageUses();
    assertThat(uses).as("impl packages read from " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(5);
    assertThat(cycles(uses)).as("cycles between impl packages").isEmpty();
  }

  @Test
  void findsACycle() {
    Map<String, Set<String>> uses = new TreeMap<>(Map.of(
      "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
    assertThat(cycles(uses)).containsExactly("a -> b -> c -> a");
  }

  /** @return for each impl package, the other impl packages its classes use */
  private static Map<String, Set<String>> implPackageUses() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve(IMPL.replace('.', '/')))) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String text = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher pkg = PACKAGE.matcher(text);
        if (!pkg.find()) {
          continue;
        }
        Set<String> used = uses.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
        Matcher use = USE.matcher(text.substring(pkg.end()));
        while (use.find()) {
          if (!use.group(1).equals(pkg.group(1))) {
            used.add(use.group(1));
          }
        }
      }
    }
    return uses;
  }

  /** @return each cycle found, as {@code a -> b -> a}, one per package that closes one (depth first) */
  static List<String> cycles(Map<String, Set<String>> uses) {
    List<String> cycles = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : uses.keySet()) {
      walk(start, uses, new ArrayList<>(), done, cycles);
    }
    return cycles;
  }

  private static void walk(String node, Map<String, Set<String>> uses, List<String> path, Set<String> done,
                           List<String> cycles) {
    int at = path.indexOf(node);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(node);
      cycles.add(String.join(" -> ", cycle));
      return;
    }
    if (!done.add(node)) {
      return;
    }
    path.add(node);
    for (String next : uses.getOrDefault(node, Set.of())) {
      walk(next, uses, path, done, cycles);
    }
    path.remove(path.size() - 1);
  }
}
