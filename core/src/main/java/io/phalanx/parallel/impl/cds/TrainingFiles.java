package io.phalanx.parallel.impl.cds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a training run leaves: its log, read for a failure's message, and temporary files, deleted. */
final class TrainingFiles {

  /** How much of a failed training's log its message quotes: the end, where the JVM says why. */
  private static final int LOG_TAIL_CHARS = 2_000;

  private TrainingFiles() {
  }

  /** @return the end of a training log, or why it cannot be read */
  static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8).strip();
      return text.length() <= LOG_TAIL_CHARS ? text : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file does no harm
    }
  }
}
