package io.phalanx.parallel.tasktypes;

import io.phalanx.parallel.task.TaskAllowlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedTasksTest {

  @Test
  void anyTaskAllowsEveryName() {
    assertThat(AllowedTasks.anyTask().refusal("com.acme.Anything")).isNull();
  }

  @Test
  void indexModeAllowsExactlyTheListedClasses(@TempDir Path dir) throws Exception {
    Path index = dir.resolve(TaskIndex.RESOURCE);
    Files.createDirectories(index.getParent());
    Files.writeString(index, "# tasks\ncom.acme.Resize\ncom.acme.Jobs$Hash\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      AllowedTasks allowed = AllowedTasks.of(TaskAllowlist.INDEX, List.of(), loader);

      assertThat(allowed.refusal("com.acme.Resize")).isNull();
      assertThat(allowed.refusal("com.acme.Jobs$Hash")).isNull();
      assertThat(allowed.refusal("com.acme.Other")).contains("com.acme.Other").contains("not in the task index");
    }
  }

  @Test
  void indexModeWithoutAnIndexRefusesEverythingAndSaysWhy(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      String refusal = AllowedTasks.of(TaskAllowlist.INDEX, List.of(), loader).refusal("com.acme.Resize");
      assertThat(refusal).contains("no task index").contains("phalanx-parallel-codegen");
    }
  }

  @Test
  void packagesModeAllowsPackagesAndSubpackages() {
    AllowedTasks allowed = AllowedTasks.of(TaskAllowlist.PACKAGES, List.of("com.acme"), getClass().getClassLoader());
    assertThat(allowed.refusal("com.acme.Resize")).isNull();
    assertThat(allowed.refusal("com.acme.image.Resize")).isNull();
    assertThat(allowed.refusal("com.acmex.Resize")).contains("allowed task package");
    assertThat(allowed.refusal("java.lang.ProcessBuilder")).isNotNull();
  }
}
