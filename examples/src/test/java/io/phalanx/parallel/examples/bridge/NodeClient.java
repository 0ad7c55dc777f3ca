package io.phalanx.parallel.examples.bridge;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js client of the bridge example, {@code examples/bridge-client}, and what it needs: {@code node} on the
 * path and its one npm package installed. Nothing is downloaded at test time unless the package is missing, and then
 * only by {@code npm ci} from the committed lockfile.
 */
final class NodeClient {

  /** Surefire runs in the module's folder. */
  static final Path DIR = Path.of("bridge-client").toAbsolutePath();

  private NodeClient() {
  }

  /**
   * Skips the test where {@code node} or the client's package is missing (and {@code npm ci} cannot install it),
   * saying what to do; under {@code CI=true} that fails the test instead, so a green CI run always ran the client.
   *
   * @return the client's folder
   */
  static Path require() {
    String missing = missing();
    if (missing != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + missing);
    }
    if (missing != null) {
      // surefire's console shows a skip but not its reason: say it where a newcomer reads
      System.err.println("[BridgeExampleTest] skipped: " + missing);
    }
    Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
    return DIR;
  }

  /** @return why the client cannot run here, or {@code null} when it can */
  private static String missing() {
    String node = run(List.of("node", "--version"), DIR, 30);
    if (node != null) {
      return "the bridge example's client needs Node.js 18 or later on the PATH (" + node + "): install it with "
        + "'sudo apt-get install nodejs npm'";
    }
    if (Files.isDirectory(DIR.resolve("node_modules/vertx3-tcp-eventbus-client"))) {
      return null;
    }
    String npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), DIR, 300);
    return npm == null ? null : "the bridge example's client needs its npm package, and 'npm ci' in " + DIR
      + " failed (" + npm + "): run it where the npm registry is reachable";
  }

  /** @return {@code null} when the command exits with 0, or else what went wrong */
  private static String run(List<String> command, Path dir, long seconds) {
    try {
      Path log = Files.createTempFile("phalanx-node-", ".log");
      try {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          return String.join(" ", command) + " took more than " + seconds + " s";
        }
        if (process.exitValue() != 0) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          return String.join(" ", command) + " exited with " + process.exitValue()
            + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1));
        }
        return null;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      return String.join(" ", command) + " could not start: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
