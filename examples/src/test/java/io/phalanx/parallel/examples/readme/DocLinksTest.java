package io.phalanx.parallel.examples.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link and every anchor of the README, of {@code docs/} and of the other Markdown files of the
 * repository leads somewhere: the file exists, and the anchor is the GitHub slug of one of its headings.
 */
class DocLinksTest {

  /** Surefire runs in the module's folder. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Set<String> NOT_SOURCES = Set.of("target", "node_modules");

  private static final MarkdownLinks.Files REPOSITORY = new MarkdownLinks.Files() {
    @Override
    public boolean exists(String path) {
      return Files.exists(ROOT.resolve(path));
    }

    @Override
    public Optional<List<String>> lines(String path) {
      Path file = ROOT.resolve(path);
      try {
        return Files.isRegularFile(file) ? Optional.of(Files.readAllLines(file)) : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static Stream<String> markdownFiles() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(file -> file.toString().endsWith(".md"))
        .map(ROOT::relativize)
        .filter(DocLinksTest::inSources)
        .map(file -> file.toString().replace('\\', '/'))
        .sorted().toList().stream();
    }
  }

  /** Not in a build's output, in npm's packages or in a hidden folder. */
  private static boolean inSources(Path file) {
    for (int i = 0; i < file.getNameCount() - 1; i++) {
      String folder = file.getName(i).toString();
      if (folder.startsWith(".") || NOT_SOURCES.contains(folder)) {
        return false;
      }
    }
    return true;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markdownFiles")
  void everyLinkLeadsSomewhere(String markdown) {
    assertThat(MarkdownLinks.broken(markdown, REPOSITORY)).as("links of %s that lead nowhere", markdown).isEmpty();
  }

  @Test
  void theReadmeAndEveryPageOfDocsAreChecked() throws IOException {
    assertThat(markdownFiles().toList())
      .contains("README.md", "docs/configuration.md", "docs/security.md", "examples/README.md");
  }

  @Test
  void theReadmeLinksEveryPageOfDocs() throws IOException {
    List<String> linked = MarkdownLinks.links(Files.readAllLines(ROOT.resolve("README.md"))).stream()
      .map(MarkdownLinks.Link::target).toList();

    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      assertThat(docs.map(page -> "docs/" + page.getFileName())).allMatch(linked::contains);
    }
  }

  @Test
  void aBrokenLinkIsReportedWithItsFileAndLine() {
    MarkdownLinks.Files sample = inMemory(Map.of(
      "README.md", List.of("# Title", "", "See [the cluster](docs/cluster.md#losing-a-node), [up](#title),",
        "[gone](docs/gone.md), [no anchor](docs/cluster.md#routing) and [no heading](#nothing-here).",
        "`[in code](docs/gone.md)` and [out](../elsewhere.md)."),
      "docs/cluster.md", List.of("# Cluster", "", "## Losing a node", "", "Back to the [README](../README.md#title).")));

    assertThat(MarkdownLinks.broken("README.md", sample)).containsExactly(
      "README.md:4: docs/gone.md: no file docs/gone.md",
      "README.md:4: docs/cluster.md#routing: no heading of docs/cluster.md has the anchor #routing",
      "README.md:4: #nothing-here: no heading of README.md has the anchor #nothing-here",
      "README.md:5: ../elsewhere.md: leads out of the repository");
    assertThat(MarkdownLinks.broken("docs/cluster.md", sample)).isEmpty();
  }

  @Test
  void anchorsAreGitHubSlugs() {
    List<String> headings = List.of("# Event-bus API (for any client)", "## Scaling on many cores (`bench.sh`)",
      "## Quick start: a parent service in three pieces", "### The parent's event loop under load", "## Notes",
      "```bash", "# not a heading", "```", "## Notes", "## Notes", "## snake_case and [a link](x.md)");

    assertThat(MarkdownLinks.anchors(headings)).containsExactly("event-bus-api-for-any-client",
      "scaling-on-many-cores-benchsh", "quick-start-a-parent-service-in-three-pieces",
      "the-parents-event-loop-under-load", "notes", "notes-1", "notes-2", "snake_case-and-a-link");
  }

  private static MarkdownLinks.Files inMemory(Map<String, List<String>> files) {
    return new MarkdownLinks.Files() {
      @Override
      public boolean exists(String path) {
        return files.containsKey(path) || files.keySet().stream().anyMatch(file -> file.startsWith(path + "/"));
      }

      @Override
      public Optional<List<String>> lines(String path) {
        return Optional.ofNullable(files.get(path));
      }
    };
  }
}
