package io.phalanx.parallel.examples.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ```java} blocks of a Markdown file, fences indented inside a list included.
 */
final class MarkdownJava {

  private static final Pattern OPENING = Pattern.compile("^( *)```java\\s*$");

  /**
   * One block.
   *
   * @param file      the Markdown file
   * @param firstLine the line number (from 1) of the block's first code line
   * @param lines     the code, without the fence's indentation
   */
  record Block(Path file, int firstLine, List<String> lines) {

    /** "README.md:12", for messages. */
    String where(int index) {
      return file.getFileName() + ":" + (firstLine + index);
    }
  }

  private MarkdownJava() {
  }

  static List<Block> blocks(Path markdown) throws IOException {
    List<String> lines = Files.readAllLines(markdown);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher opening = OPENING.matcher(lines.get(i));
      if (!opening.matches()) {
        continue;
      }
      String indent = opening.group(1);
      int first = i + 1;
      List<String> code = new ArrayList<>();
      for (i = first; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        String line = lines.get(i);
        code.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
      }
      if (i == lines.size()) {
        throw new IllegalArgumentException(markdown + ":" + first + ": a ```java block that never closes");
      }
      blocks.add(new Block(markdown, first + 1, code));
    }
    return blocks;
  }
}
