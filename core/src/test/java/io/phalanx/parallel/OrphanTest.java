package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.OrphaningParent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OrphanTest {

  @Test
  @Timeout(120)
  void orphanedWorkerExitsWithinThreeSeconds() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
      OrphaningParent.class.getName())
      .redirectError(ProcessBuilder.Redirect.DISCARD)
      .start();
    ProcessHandle worker;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
      StandardCharsets.UTF_8))) {
      String line;
      long pid = -1;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("worker ")) {
          pid = Long.parseLong(line.substring("worker ".length()).trim());
          break;
        }
      }
      assertThat(pid).as("the parent reported its worker").isPositive();
      Optional<ProcessHandle> found = ProcessHandle.of(pid);
      assertThat(found).isPresent();
      worker = found.get();
      assertThat(worker.isAlive()).isTrue();

      parent.destroyForcibly();
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

      boolean exited = worker.onExit().completeOnTimeout(null, 3, TimeUnit.SECONDS).get() != null
        || !worker.isAlive();
      if (!exited) {
        worker.destroyForcibly();
      }
      assertThat(exited).as("the orphaned worker exited within 3 s of its parent's SIGKILL").isTrue();
    } finally {
      parent.destroyForcibly();
    }
  }
}
