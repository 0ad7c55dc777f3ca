package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What other runtimes offer for the same no-op load: Python's ProcessPoolExecutor and Node's child_process.fork, each
 * with 2 workers, run by the scripts in the peers folder. A peer whose interpreter or script is missing is skipped.
 */
final class PeerBench {

  static final long PEER_TIMEOUT_S = 240;

  private final Bench.Settings settings;
  private final BenchResults results;
  /** The machine's description, which gains each interpreter's version. */
  private final Map<String, Object> machine;
  private final Path peers;
  /** Where each script's stdout is kept: beside the results. */
  private final Path outputs;
  private final ObjectMapper mapper = new ObjectMapper();

  PeerBench(Bench.Settings settings, BenchResults results, Map<String, Object> machine, Path peers, Path outputs) {
    this.settings = settings;
    this.results = results;
    this.machine = machine;
    this.peers = peers;
    this.outputs = outputs;
  }

  void python() throws Exception {
    String key = "python_ppe_noop_per_s";
    String description = "ProcessPoolExecutor(2).map(noop, range(" + settings.pythonTasks() + "), chunksize=1)";
    peer(key, description, "python3", "ppe_noop.py", settings.pythonTasks());
  }

  void node() throws Exception {
    String key = "node_fork_noop_per_s";
    String description = "2 forked children, process.send, one task in flight per child; " + settings.nodeTasks()
      + " tasks";
    peer(key, description, "node", "fork_noop.js", settings.nodeTasks());
  }

  private void peer(String key, String description, String interpreter, String script, int tasks)
    throws Exception {
    Path executable = onPath(interpreter);
    Path file = peers.resolve(script);
    if (executable == null) {
      results.skip(key, interpreter + " is not on the PATH", description);
      return;
    }
    if (!Files.isRegularFile(file)) {
      results.skip(key, file + " not found (run from the repository root or pass --peers)", description);
      return;
    }
    List<String> command = List.of(executable.toString(), file.toString(), "--tasks", Integer.toString(tasks),
      "--runs", Integer.toString(settings.peerRuns()), "--workers", "2");
    Path stdout = outputs.resolve(script + ".out");
    Files.createDirectories(stdout.getParent());
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
      .redirectOutput(stdout.toFile()).start();
    process.getOutputStream().close();
    if (!ChildProcesses.awaitOrEnd(process, PEER_TIMEOUT_S, TimeUnit.SECONDS)) {
      results.skip(key, script + " did not finish within " + PEER_TIMEOUT_S + " s", description);
      return;
    }
    String output = Files.readString(stdout);
    if (process.exitValue() != 0) {
      results.skip(key, script + " exited with " + process.exitValue(), description);
      return;
    }
    String[] lines = output.strip().split("\n");
    JsonNode json = mapper.readTree(lines[lines.length - 1]);
    List<Double> rates = new ArrayList<>();
    json.path("rates").forEach(n -> rates.add(n.asDouble()));
    results.record(key, rates, description);
    machine.put(interpreter + "_version", json.path("version").asText());
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
