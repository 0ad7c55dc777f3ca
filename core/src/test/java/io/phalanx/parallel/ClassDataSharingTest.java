package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.JarredClassPath;
import io.phalanx.parallel.testing.PoolTestBase;
import io.phalanx.parallel.testing.WorkerProcesses;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers with a jar-only class path get a class-data-sharing archive, trained in the background by the first pool
 * and mapped by the workers of the next; a class path with a folder starts without one.
 */
class ClassDataSharingTest extends PoolTestBase {

  @TempDir
  Path dir;

  /**
   * This JVM's class path as the pools see it, jars only: {@link JarredClassPath} packed its class folders
   * (target/classes, target/test-classes) into jars. The worker runtime, the task fixtures and their dependencies.
   */
  private static String jarOnlyClasspath() {
    JarredClassPath.apply();
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
      .filter(entry -> entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry)))
      .collect(Collectors.joining(File.pathSeparator));
  }

  private ParallelConfig config(String classpath, Path archives) {
    return ParallelConfig.singleWorker().setAddress("cds").setClasspath(classpath)
      .setClassDataDirectory(archives.toString());
  }

  private Promise<JsonObject> nextEvent(String type) {
    Promise<JsonObject> event = Promise.promise();
    vertx.eventBus().<JsonObject>consumer("cds.events", message -> {
      if (type.equals(message.body().getString("type"))) {
        event.tryComplete(message.body());
      }
    });
    return event;
  }

  private long workerPid() {
    JsonObject stats = (JsonObject) await(vertx.eventBus().request("cds.stats", null)).body();
    return stats.getJsonArray("workers").getJsonObject(0).getLong("pid");
  }

  private static List<Path> filesIn(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void firstPoolTrainsArchiveAndNextPoolMapsIt() throws Exception {
    String classpath = jarOnlyClasspath();
    Path archives = dir.resolve("cds");
    Promise<JsonObject> created = nextEvent("archive_created");

    String first = deploy(config(classpath, archives));
    JsonObject event = await(created.future());
    Path archive = Path.of(event.getString("archive"));
    await(vertx.undeploy(first));
    WorkerProcesses.assertNoneAlive(Duration.ofSeconds(10));

    assertThat(archive.getParent()).isEqualTo(archives);
    assertThat(archive).isRegularFile();
    assertThat(Files.size(archive)).isPositive();
    // the lock is released and no temporary file is left behind
    assertThat(filesIn(archives)).allSatisfy(f -> assertThat(f.toString()).doesNotEndWith(".lock")
      .doesNotEndWith(".tmp"));

    deploy(config(classpath, archives));
    long pid = workerPid();

    assertThat(Files.readString(Path.of("/proc/" + pid + "/maps"))).contains(archive.toString());
    assertThat(await(Parallel.create(vertx, "cds").inWorker(new Add(40, 2)))).isEqualTo(42);
    assertThat(await(Parallel.create(vertx, "cds").inWorker(new WhoAmI())).pid()).isEqualTo(pid);
  }

  /**
   * A damaged archive does not keep a pool from starting. Cut short, it crashes a JDK 17 worker mapping it (SIGBUS):
   * the worker is started again without it, the archive is deleted and marked failed, and the next pool starts its
   * workers without one and trains none.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void aWorkerThatCannotStartWithItsArchiveStartsWithout() throws Exception {
    Path archives = dir.resolve("cds");
    // the crash report goes to the test's folder, not to the module's
    ParallelConfig config = config(jarOnlyClasspath(), archives)
      .addJvmOption("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
    Promise<JsonObject> created = nextEvent("archive_created");
    String first = deploy(config);
    Path archive = Path.of(await(created.future()).getString("archive"));
    await(vertx.undeploy(first));
    cutShort(archive);
    Promise<JsonObject> failed = nextEvent("archive_failed");

    String second = deploy(config);

    JsonObject event = await(failed.future());
    assertThat(event.getString("archive")).isEqualTo(archive.toString());
    assertThat(event.getString("reason")).contains("could not start with it, and could without it")
      .contains("before sending its ready frame");
    assertThat(archive).doesNotExist();
    Path marker = archive.resolveSibling(archive.getFileName().toString().replace(".jsa", ".failed"));
    assertThat(marker).isRegularFile();
    long pid = workerPid();
    assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).doesNotContain("SharedArchiveFile");
    assertThat(await(Parallel.create(vertx, "cds").inWorker(new Add(40, 2)))).isEqualTo(42);
    JsonObject stats = (JsonObject) await(vertx.eventBus().request("cds.stats", null)).body();
    assertThat(stats.getJsonArray("workers").getJsonObject(0).getInteger("restarts")).as("not a crash").isZero();
    await(vertx.undeploy(second));

    String third = deploy(config);
    assertThat(Files.readString(Path.of("/proc/" + workerPid() + "/cmdline"))).doesNotContain("SharedArchiveFile");
    await(vertx.undeploy(third));
    assertThat(archive).doesNotExist();
  }

  /**
   * An archive in a folder other users can write to is not mapped, whoever put it there: the default folder's name in
   * the shared temporary folder is easy to guess. Nothing is trained there either.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void anArchiveInAFolderOthersCanWriteToIsNotUsed() throws Exception {
    String classpath = jarOnlyClasspath();
    Promise<JsonObject> created = nextEvent("archive_created");
    String first = deploy(config(classpath, dir.resolve("cds")));
    Path archive = Path.of(await(created.future()).getString("archive"));
    await(vertx.undeploy(first));
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Path planted = Files.copy(archive, shared.resolve(archive.getFileName()));
    Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

    String second = deploy(config(classpath, shared));
    long pid = workerPid();
    assertThat(await(Parallel.create(vertx, "cds").inWorker(new Add(40, 2)))).isEqualTo(42);

    assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).doesNotContain("SharedArchiveFile");
    await(vertx.undeploy(second));
    assertThat(filesIn(shared)).containsExactly(planted);
  }

  /** Keeps the archive's first half: its header is whole, its regions are not. */
  private static void cutShort(Path archive) throws IOException {
    byte[] bytes = Files.readAllBytes(archive);
    archive.toFile().setWritable(true);
    Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
  }

  /**
   * The JDK 25+ AOT cache, with the {@code java} named by {@code -Dphalanx.test.aotJava=/path/to/jdk-25/bin/java},
   * or else the first JDK 25+ under {@code /usr/lib/jvm} (these machines have Temurin 25 there); skipped without one.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void aJdk25WorkerGetsAnAotCache() throws Exception {
    String aotJava = jdk25Java();
    Assumptions.assumeTrue(aotJava != null, "no JDK 25+ (-Dphalanx.test.aotJava or /usr/lib/jvm/*)");
    String classpath = jarOnlyClasspath();
    Path archives = dir.resolve("cds");
    ParallelConfig config = config(classpath, archives).setJavaCommand(aotJava);
    Promise<JsonObject> created = nextEvent("archive_created");

    String first = deploy(config);
    Path archive = Path.of(await(created.future()).getString("archive"));
    await(vertx.undeploy(first));
    deploy(config);
    long pid = workerPid();

    assertThat(archive.getFileName().toString()).endsWith(".aot");
    assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).contains("-XX:AOTCache=" + archive);
    assertThat(Files.readString(Path.of("/proc/" + pid + "/maps"))).contains(archive.toString());
    assertThat(await(Parallel.create(vertx, "cds").inWorker(new Add(40, 2)))).isEqualTo(42);
  }

  @Test
  void folderOnClassPathTrainsNoArchive() throws Exception {
    Path archives = dir.resolve("cds");
    String withFolder = JarredClassPath.withFolders();
    assertThat(withFolder.split(File.pathSeparator)).anySatisfy(e -> assertThat(Path.of(e)).isDirectory());

    String id = deploy(config(withFolder, archives));
    long pid = workerPid();
    assertThat(await(Parallel.create(vertx, "cds").inWorker(new Add(1, 2)))).isEqualTo(3);
    String cmdline = Files.exists(Path.of("/proc/" + pid + "/cmdline"))
      ? Files.readString(Path.of("/proc/" + pid + "/cmdline")) : "";
    await(vertx.undeploy(id));

    assertThat(cmdline).doesNotContain("SharedArchiveFile").doesNotContain("AOTCache");
    assertThat(filesIn(archives)).isEmpty();
  }

  @Test
  void stoppingPoolEndsTheTrainingJvm() throws Exception {
    Path archives = dir.resolve("cds");

    String id = deploy(config(jarOnlyClasspath(), archives));
    await(vertx.undeploy(id));

    // the training JVM runs WorkerMain too: none may outlive the pool
    WorkerProcesses.assertNoneAlive(Duration.ofSeconds(10));
    assertThat(filesIn(archives)).allSatisfy(f -> assertThat(f.getFileName().toString())
      .doesNotEndWith(".lock").doesNotEndWith(".failed").doesNotEndWith(".tmp"));
  }

  @Test
  void classDataSharingOffTrainsNothing() throws Exception {
    Path archives = dir.resolve("cds");

    String id = deploy(config(jarOnlyClasspath(), archives).setClassDataSharing(false));
    assertThat(await(Parallel.create(vertx, "cds").inWorker(new Add(1, 2)))).isEqualTo(3);
    await(vertx.undeploy(id));

    assertThat(filesIn(archives)).isEmpty();
  }

  private static String jdk25Java() throws IOException {
    String named = System.getProperty("phalanx.test.aotJava");
    if (named != null && !named.isBlank()) {
      return named;
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.sorted()
        .filter(home -> Files.isExecutable(home.resolve("bin/java")) && featureVersion(home) >= 25)
        .map(home -> home.resolve("bin/java").toString())
        .findFirst().orElse(null);
    }
  }

  private static int featureVersion(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no release file, or one we cannot read: not a JDK we can use here
    }
    return -1;
  }
}
