package io.phalanx.parallel.impl.cds;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JavaRuntimeTest {

  @TempDir
  Path dir;

  @Test
  void readsTheVersionFromAReleaseFile() {
    String release = "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n"
      + "JAVA_VERSION=\"25.0.3\"\nJAVA_VERSION_DATE=\"2026-04-21\"\n";

    assertThat(JavaRuntime.version(release)).isEqualTo("25.0.3");
    assertThat(JavaRuntime.version("IMPLEMENTOR=\"x\"\n")).isNull();
  }

  @Test
  void theFeatureReleaseOfOldAndNewVersionStrings() {
    assertThat(JavaRuntime.feature("17.0.15")).isEqualTo(17);
    assertThat(JavaRuntime.feature("25")).isEqualTo(25);
    assertThat(JavaRuntime.feature("1.8.0_402")).isEqualTo(8);
  }

  @Test
  void probesThisJvmsOwnJava() {
    JavaRuntime runtime = JavaRuntime.probe(Path.of(System.getProperty("java.home"), "bin", "java").toString());

    assertThat(runtime).isNotNull();
    assertThat(runtime.feature()).isEqualTo(Runtime.version().feature());
    assertThat(runtime.executable()).isEqualTo(runtime.executable().normalize());
    assertThat(Files.isExecutable(runtime.executable())).isTrue();
  }

  @Test
  void resolvesLinksSoThatTheSameJdkHasOneName() throws IOException {
    Path real = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
    Path link = Files.createSymbolicLink(dir.resolve("java"), real);

    assertThat(JavaRuntime.probe(link.toString()).executable()).isEqualTo(real);
  }

  @Test
  void aJavaWithoutReleaseFileOrThatIsMissingIsUnknown() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
    Path fake = Files.writeString(bin.resolve("java"), "#!/bin/sh\n");

    assertThat(JavaRuntime.probe(fake.toString())).isNull();
    assertThat(JavaRuntime.probe(dir.resolve("nowhere/bin/java").toString())).isNull();
    assertThat(JavaRuntime.probe("no-such-java-command-on-the-path")).isNull();
  }
}
