package io.phalanx.parallel.impl.cds;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK a worker command runs: its {@code java} executable's real path and its version, read from the
 * {@code release} file of its home, so nothing is started to find out.
 *
 * @param executable the {@code java} executable, every link resolved
 * @param version    the {@code JAVA_VERSION} of the {@code release} file, for example {@code 17.0.15}
 * @param feature    the feature release, for example 17
 */
record JavaRuntime(Path executable, String version, int feature) {

  private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?([0-9][^\"]*)\"?\\s*$",
    Pattern.MULTILINE);

  /**
   * @param command the worker's {@code java} command: a path, or a name looked up on {@code PATH}
   * @return the runtime; {@code null} when the executable or its version cannot be found
   */
  static JavaRuntime probe(String command) {
    Path executable = resolve(command);
    if (executable == null) {
      return null;
    }
    Path bin = executable.getParent();
    Path home = bin == null ? null : bin.getParent();
    if (home == null) {
      return null;
    }
    try {
      String version = version(Files.readString(home.resolve("release")));
      return version == null ? null : new JavaRuntime(executable, version, feature(version));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * @return the runtime image that holds the JDK's classes (and, in a {@code jlink} image, the application's):
   * {@code lib/modules} of its home; {@code null} when the executable is not in a {@code bin} folder of a home
   */
  Path modulesImage() {
    Path bin = executable.getParent();
    Path home = bin == null ? null : bin.getParent();
    return home == null ? null : home.resolve("lib").resolve("modules");
  }

  /**
   * @param release the text of a JDK's {@code release} file
   * @return its {@code JAVA_VERSION}, or {@code null}
   */
  static String version(String release) {
    Matcher matcher = JAVA_VERSION.matcher(release);
    return matcher.find() ? matcher.group(1) : null;
  }

  /**
   * @return the feature release of a version string: 17 for {@code 17.0.15}, 8 for {@code 1.8.0_402}
   */
  static int feature(String version) {
    String[] parts = version.split("[^0-9]+");
    int first = Integer.parseInt(parts[0]);
    return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
  }

  private static Path resolve(String command) {
    try {
      if (command.contains("/") || command.contains(File.separator)) {
        return Path.of(command).toRealPath();
      }
      String path = System.getenv("PATH");
      if (path == null) {
        return null;
      }
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, command);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toRealPath();
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
