package io.phalanx.parallel.impl.channel;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines a worker wrote to stderr, kept to explain a crash. Bounded in lines and line length.
 */
public final class StderrTail {

  private static final int MAX_LINE_CHARS = 500;

  private final int maxLines;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  public StderrTail(int maxLines) {
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be at least 1, was " + maxLines);
    }
    this.maxLines = maxLines;
  }

  public void add(String line) {
    if (line.length() > MAX_LINE_CHARS) {
      line = line.substring(0, MAX_LINE_CHARS) + "...";
    }
    if (lines.size() == maxLines) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  public boolean contains(String text) {
    for (String line : lines) {
      if (line.contains(text)) {
        return true;
      }
    }
    return false;
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  void clear() {
    lines.clear();
  }

  /**
   * @return "" when empty, else the lines indented under a heading
   */
  public String describe() {
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("; last stderr lines:");
    for (String line : lines) {
      sb.append("\n  ").append(line);
    }
    return sb.toString();
  }
}
