package io.phalanx.parallel.examples.readme;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links of Markdown files and the anchors their headings make, as GitHub renders them, and the links that lead
 * nowhere. Fenced code and inline code hold no links and no headings.
 */
final class MarkdownLinks {

  /** {@code [text](target)} or {@code ![alt](target "title")}. */
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  /** What GitHub drops from a heading's text: everything but letters, marks, digits, {@code _}, {@code -} and spaces. */
  private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  /** The Markdown files a check reads: the repository on disk, or a few files in memory. */
  interface Files {

    /** @param path relative to the repository, {@code /}-separated */
    boolean exists(String path);

    /** @return the lines of a Markdown file, empty if there is none */
    Optional<List<String>> lines(String path);
  }

  /** A link and the line (from 1) it is on. */
  record Link(int line, String target) {
  }

  private MarkdownLinks() {
  }

  static List<Link> links(List<String> lines) {
    List<Link> links = new ArrayList<>();
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
      while (link.find()) {
        links.add(new Link(i + 1, link.group(1)));
      }
    }
    return links;
  }

  /** @return the anchors of the headings, in order; a repeated heading gets {@code -1}, {@code -2}, ... */
  static List<String> anchors(List<String> lines) {
    List<String> anchors = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines) {
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (fenced || !heading.matches()) {
        continue;
      }
      String slug = slug(heading.group(1));
      int times = seen.merge(slug, 1, Integer::sum);
      anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
    }
    return anchors;
  }

  /** GitHub's anchor of a heading: the text of its links, lower case, punctuation dropped, each space a dash. */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    return NOT_IN_SLUG.matcher(text).replaceAll("").replace(' ', '-');
  }

  /**
   * @param file a Markdown file, relative to the repository
   * @return one message per link of the file that leads nowhere: "FILE:LINE: TARGET: why"
   */
  static List<String> broken(String file, Files files) {
    List<String> lines = files.lines(file).orElseThrow(() -> new IllegalArgumentException("no file " + file));
    List<String> broken = new ArrayList<>();
    for (Link link : links(lines)) {
      String target = link.target();
      if (SCHEME.matcher(target).find()) {
        continue;  // https:, mailto:: not a file of the repository
      }
      int hash = target.indexOf('#');
      String path = hash < 0 ? target : target.substring(0, hash);
      String anchor = hash < 0 ? null : target.substring(hash + 1);
      String resolved = path.isEmpty() ? file : resolve(file, path);
      String problem;
      if (resolved == null) {
        problem = "leads out of the repository";
      } else if (!files.exists(resolved)) {
        problem = "no file " + resolved;
      } else if (anchor != null && resolved.endsWith(".md")
        && !anchors(files.lines(resolved).orElse(List.of())).contains(anchor)) {
        problem = "no heading of " + resolved + " has the anchor #" + anchor;
      } else {
        continue;
      }
      broken.add(file + ":" + link.line() + ": " + target + ": " + problem);
    }
    return broken;
  }

  /** @return the path of a link's target relative to the repository, or null if it leads out of it */
  private static String resolve(String file, String path) {
    Path parent = Path.of(file).getParent();
    Path resolved = (parent == null ? Path.of(path) : parent.resolve(path)).normalize();
    if (resolved.isAbsolute() || resolved.startsWith("..")) {
      return null;
    }
    String relative = resolved.toString().replace('\\', '/');
    return relative.isEmpty() ? "." : relative;
  }
}
