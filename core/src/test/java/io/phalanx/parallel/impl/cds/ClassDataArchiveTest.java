package io.phalanx.parallel.impl.cds;

import io.phalanx.parallel.impl.pool.WorkerCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataArchiveTest {

  private static final String MAIN = WorkerCommand.MAIN_CLASS;
  private static final List<String> OPTIONS = List.of("-Xms16m", "-XX:+UseSerialGC");
  private static final JavaRuntime JDK17 = new JavaRuntime(Path.of("/opt/jdk-17/bin/java"), "17.0.15", 17);
  private static final JavaRuntime JDK25 = new JavaRuntime(Path.of("/opt/jdk-25/bin/java"), "25.0.3", 25);

  @TempDir
  Path dir;
  private Path archives;
  private Path a;
  private Path b;
  private String classpath;

  @BeforeEach
  void jars() throws IOException {
    archives = dir.resolve("cds");
    a = Files.write(dir.resolve("a.jar"), new byte[]{1, 2, 3});
    b = Files.write(dir.resolve("b.jar"), new byte[]{4, 5});
    Files.setLastModifiedTime(a, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(b, FileTime.fromMillis(2_000_000));
    classpath = a + File.pathSeparator + b;
  }

  /** A class path's entries, as {@code WorkerCommand.codePath()} gives them. */
  private static List<String> entries(String classpath) {
    return List.of(classpath.split(File.pathSeparator, -1));
  }

  private ClassDataArchive use(JavaRuntime runtime, String classpath, List<String> options) {
    ClassDataArchive.Decision decision = ClassDataArchive.decide(runtime, entries(classpath), options, MAIN, archives);
    assertThat(decision).isInstanceOf(ClassDataArchive.Use.class);
    return ((ClassDataArchive.Use) decision).archive();
  }

  private String skip(JavaRuntime runtime, String classpath, List<String> options) {
    ClassDataArchive.Decision decision = ClassDataArchive.decide(runtime, entries(classpath), options, MAIN, archives);
    assertThat(decision).isInstanceOf(ClassDataArchive.Skip.class);
    return ((ClassDataArchive.Skip) decision).reason();
  }

  @Test
  void theSameCommandGivesTheSameArchive() {
    assertThat(use(JDK17, classpath, OPTIONS)).isEqualTo(use(JDK17, classpath, OPTIONS));
  }

  @Test
  void aRebuiltJarGivesAnotherArchive() throws IOException {
    String before = use(JDK17, classpath, OPTIONS).key();

    Files.setLastModifiedTime(b, FileTime.fromMillis(3_000_000));
    String touched = use(JDK17, classpath, OPTIONS).key();
    Files.write(b, new byte[]{4, 5, 6});
    Files.setLastModifiedTime(b, FileTime.fromMillis(3_000_000));
    String grown = use(JDK17, classpath, OPTIONS).key();

    assertThat(List.of(before, touched, grown)).doesNotHaveDuplicates();
  }

  @Test
  void otherOptionsOrJdkGiveAnotherArchive() {
    String base = use(JDK17, classpath, OPTIONS).key();

    assertThat(List.of(base,
      use(JDK17, classpath, List.of("-Xms16m")).key(),
      use(JDK17, b + File.pathSeparator + a, OPTIONS).key(),
      use(new JavaRuntime(Path.of("/opt/jdk-17/bin/java"), "17.0.16", 17), classpath, OPTIONS).key(),
      use(new JavaRuntime(Path.of("/other/jdk-17/bin/java"), "17.0.15", 17), classpath, OPTIONS).key()))
      .doesNotHaveDuplicates();
  }

  @Test
  void aRelinkedRuntimeImageGivesAnotherArchive() throws IOException {
    Path home = Files.createDirectories(dir.resolve("image").resolve("lib")).getParent();
    JavaRuntime image = new JavaRuntime(home.resolve("bin").resolve("java"), "17.0.15", 17);
    Path modules = Files.write(home.resolve("lib").resolve("modules"), new byte[]{1});
    String before = use(image, classpath, OPTIONS).key();

    Files.write(modules, new byte[]{1, 2});

    assertThat(use(image, classpath, OPTIONS).key()).isNotEqualTo(before);
  }

  @Test
  void aLaunchFromModulesGetsItsOwnArchive() {
    ClassDataArchive.Decision fromModules = ClassDataArchive.decide(JDK17, List.of(a.toString(), b.toString()),
      OPTIONS, "-m io.phalanx.parallel.worker/" + MAIN + " --add-modules app", archives);

    assertThat(fromModules).isInstanceOf(ClassDataArchive.Use.class);
    assertThat(((ClassDataArchive.Use) fromModules).archive().key()).isNotEqualTo(use(JDK17, classpath, OPTIONS).key());
  }

  @Test
  void aRuntimeImageAloneGetsAnArchive() {
    // a jlink image: every class is linked in, nothing is on a class or module path
    assertThat(ClassDataArchive.decide(JDK17, List.of(), OPTIONS, "-m io.phalanx.parallel.worker/" + MAIN, archives))
      .isInstanceOf(ClassDataArchive.Use.class);
  }

  @Test
  void upToJdk24UsesADynamicArchive() {
    ClassDataArchive archive = use(JDK17, classpath, OPTIONS);

    assertThat(archive.aotCache()).isFalse();
    assertThat(archive.archive().getParent()).isEqualTo(archives);
    assertThat(archive.archive().getFileName().toString()).isEqualTo("worker-" + archive.key() + ".jsa");
    assertThat(archive.useOption()).isEqualTo("-XX:SharedArchiveFile=" + archive.archive());
    assertThat(archive.trainOption(Path.of("/t/x.tmp"))).isEqualTo("-XX:ArchiveClassesAtExit=/t/x.tmp");
    // a JDK 17 prints "unable to use shared archive" on stdout, the frame channel, unless told otherwise
    // mapped where it was made for: shared read-only pages, not a relocated private copy per worker
    assertThat(archive.useOptions()).containsExactly("-Xlog:cds*=off:stdout", "-Xlog:cds*=warning:stderr",
      "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0", archive.useOption());
  }

  @Test
  void ownRelocationModeIsKept() {
    List<String> options = List.of("-Xms16m", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=1");
    ClassDataArchive archive = use(JDK17, classpath, options);

    assertThat(archive.mapAtBase()).isFalse();
    assertThat(archive.useOptions()).containsExactly("-Xlog:cds*=off:stdout", "-Xlog:cds*=warning:stderr",
      archive.useOption());
  }

  @Test
  void fromJdk25TheAotCacheIsUsed() {
    ClassDataArchive archive = use(JDK25, classpath, OPTIONS);

    assertThat(archive.aotCache()).isTrue();
    assertThat(archive.archive().getFileName().toString()).endsWith(".aot");
    assertThat(archive.useOption()).isEqualTo("-XX:AOTCache=" + archive.archive());
    assertThat(archive.trainOption(Path.of("/t/x.tmp"))).isEqualTo("-XX:AOTCacheOutput=/t/x.tmp");
    assertThat(archive.useOptions()).containsExactly("-Xlog:aot*=off:stdout", "-Xlog:aot*=warning:stderr",
      "-Xlog:cds*=off:stdout", "-Xlog:cds*=warning:stderr", archive.useOption());
  }

  @Test
  void aFolderInTheClassPathGetsNoArchive() throws IOException {
    Path classes = Files.createDirectory(dir.resolve("classes"));

    assertThat(skip(JDK17, classpath + File.pathSeparator + classes, OPTIONS))
      .contains(classes.toString()).contains("folder").contains("jars");
  }

  @Test
  void aMissingEmptyOrWildcardClassPathEntryGetsNoArchive() {
    assertThat(skip(JDK17, classpath + File.pathSeparator + dir.resolve("gone.jar"), OPTIONS)).contains("gone.jar");
    assertThat(skip(JDK17, classpath + File.pathSeparator, OPTIONS)).contains("empty");
    assertThat(skip(JDK17, dir + File.separator + "*", OPTIONS)).contains("wildcard");
  }

  @Test
  void anUnknownOrTooOldJdkGetsNoArchive() {
    assertThat(skip(null, classpath, OPTIONS)).contains("unknown");
    assertThat(skip(new JavaRuntime(Path.of("/opt/jdk-11/bin/java"), "11.0.2", 11), classpath, OPTIONS))
      .contains("11.0.2");
  }

  @Test
  void optionsThatManageSharingThemselvesAreLeftAlone() {
    for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:AOTCache=/x.aot",
      "-XX:ArchiveClassesAtExit=/y.jsa", "-XX:AOTMode=record")) {
      assertThat(skip(JDK25, classpath, List.of("-Xms16m", own))).contains(own);
    }
  }

  @Test
  void oneHolderAtATimeTakesTheLock() throws IOException {
    ClassDataArchive archive = use(JDK17, classpath, OPTIONS);
    long now = System.currentTimeMillis();

    assertThat(archive.tryLock(now, 120_000)).isTrue();
    assertThat(archive.tryLock(now, 120_000)).isFalse();
    assertThat(use(JDK17, classpath, OPTIONS).tryLock(now, 120_000)).isFalse();

    archive.unlock();
    assertThat(archive.tryLock(now, 120_000)).isTrue();
  }

  @Test
  void aStaleLockIsTakenOver() throws IOException {
    ClassDataArchive archive = use(JDK17, classpath, OPTIONS);
    long now = System.currentTimeMillis();
    assertThat(archive.tryLock(now, 120_000)).isTrue();

    Files.setLastModifiedTime(archive.lock(), FileTime.fromMillis(now - 121_000));

    assertThat(archive.tryLock(now, 120_000)).isTrue();
    assertThat(archive.tryLock(now, 120_000)).isFalse();
  }

  @Test
  void lockMarkerAndLogSitNextToTheArchive() {
    ClassDataArchive archive = use(JDK17, classpath, OPTIONS);

    assertThat(List.of(archive.lock(), archive.failedMarker(), archive.trainingLog()))
      .allSatisfy(p -> assertThat(p.getParent()).isEqualTo(archives))
      .allSatisfy(p -> assertThat(p.getFileName().toString()).contains(archive.key()))
      .doesNotHaveDuplicates()
      .doesNotContain(archive.archive());
  }

  @Test
  void pruningKeepsTheMostRecentArchives() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("prune"));
    for (int i = 0; i < 5; i++) {
      Path archive = Files.writeString(folder.resolve("worker-k" + i + (i == 4 ? ".aot" : ".jsa")), "archive " + i);
      Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    Files.writeString(folder.resolve("worker-k0.failed"), "failed once");
    Files.writeString(folder.resolve("worker-k0.log"), "its stderr");
    Files.writeString(folder.resolve("notes.txt"), "not ours");
    // k1 was used a moment ago: it is the newest now
    Files.setLastModifiedTime(folder.resolve("worker-k1.jsa"), FileTime.fromMillis(9_000_000L));

    List<Path> deleted = ClassDataArchive.prune(folder, 3);

    assertThat(deleted).extracting(p -> p.getFileName().toString())
      .containsExactlyInAnyOrder("worker-k0.jsa", "worker-k2.jsa");
    try (var left = Files.list(folder)) {
      assertThat(left.map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("worker-k1.jsa", "worker-k3.jsa", "worker-k4.aot", "notes.txt");
    }
  }

  @Test
  void usingAnArchiveMakesItTheMostRecent() throws IOException {
    ClassDataArchive archive = ((ClassDataArchive.Use) ClassDataArchive.decide(JDK17, entries(classpath), OPTIONS, MAIN,
      archives)).archive();
    Files.createDirectories(archives);
    Files.writeString(archive.archive(), "archive");
    Files.setLastModifiedTime(archive.archive(), FileTime.fromMillis(1_000_000L));

    archive.touch(7_000_000L);

    assertThat(Files.getLastModifiedTime(archive.archive()).toMillis()).isEqualTo(7_000_000L);
  }
}
