package io.phalanx.parallel.impl.cds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the class-data-sharing archive of one worker command lives and the JVM flags that write and use it: a
 * dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit} / {@code -XX:SharedArchiveFile}) up to JDK 24, the AOT
 * cache ({@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}) from JDK 25 on.
 * <p>
 * The archive's name is a hash of everything that makes an archive valid for a command: the {@code java}
 * executable's real path, its version, every class-path jar's path, size and modification time, the JVM options and
 * the main class. A rebuilt jar or a changed option gives another name, so a stale archive is never used. Both JVM
 * features archive only classes loaded from jars: a class path with a folder gets no archive.
 *
 * @param key      the hash naming the files of this command
 * @param archive  the archive, once it was written
 * @param aotCache whether it is a JDK 25+ AOT cache rather than a dynamic AppCDS archive
 * @param mapAtBase whether workers map the archives at the address they were made for
 *                  ({@code -XX:ArchiveRelocationMode=0}; see {@link #useOptions()})
 */
record ClassDataArchive(String key, Path archive, boolean aotCache, boolean mapAtBase) {

  /** The first JDK with {@code -XX:ArchiveRelocationMode}. */
  static final int RELOCATION_MODE_FEATURE = 14;

  /** The JDK release from which the AOT cache replaces the dynamic archive. */
  static final int AOT_CACHE_FEATURE = 25;
  /** The first JDK with dynamic archives ({@code -XX:ArchiveClassesAtExit}). */
  static final int DYNAMIC_ARCHIVE_FEATURE = 13;
  /** Options through which a configuration manages class-data sharing itself: then the pool leaves it alone. */
  private static final List<String> OWN_SHARING_OPTIONS = List.of("-Xshare", "-XX:SharedArchiveFile",
    "-XX:ArchiveClassesAtExit", "-XX:SharedClassListFile", "-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration",
    "-XX:AOTCacheOutput", "-XX:+AutoCreateSharedArchive");

  /** Why a command gets no archive, or the archive it gets. */
  sealed interface Decision permits Skip, Use {
  }

  /** No archive, and why (for one log line). */
  record Skip(String reason) implements Decision {
  }

  /** The archive of the command. */
  record Use(ClassDataArchive archive) implements Decision {
  }

  /**
   * Decides whether a worker command can have an archive. Touches the file system: one {@code stat} per entry of the
   * code path, and one for the runtime's {@code lib/modules}.
   *
   * @param runtime    the worker's JDK; {@code null} when it could not be found out
   * @param codePath   the worker's class path entries, then its module path's: each must be a jar
   * @param jvmOptions the configured JVM options, as the command gives them
   * @param launch     how the command names the worker's main class ({@code WorkerCommand.launch()})
   * @param directory  where archives are kept
   */
  static Decision decide(JavaRuntime runtime, List<String> codePath, List<String> jvmOptions, String launch,
                         Path directory) {
    if (runtime == null) {
      return new Skip("the version of the worker's java is unknown (no release file next to its bin folder)");
    }
    if (runtime.feature() < DYNAMIC_ARCHIVE_FEATURE) {
      return new Skip("the worker's java " + runtime.version() + " has no dynamic class-data archives");
    }
    for (String option : jvmOptions) {
      for (String own : OWN_SHARING_OPTIONS) {
        if (option.startsWith(own)) {
          return new Skip("the JVM options manage class-data sharing themselves (" + option + ")");
        }
      }
    }
    MessageDigest digest = sha256();
    update(digest, "java", runtime.executable().toString());
    update(digest, "version", runtime.version());
    // the runtime's own classes: a JDK updated in place, or a jlink image linked again, keeps its version string
    update(digest, "image", fileStamp(runtime.modulesImage()));
    for (String entry : codePath) {
      if (entry.isEmpty() || entry.endsWith("*")) {
        return new Skip("the worker class path has an empty or wildcard entry ('" + entry + "')");
      }
      Path jar = Path.of(entry).toAbsolutePath();
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(jar, BasicFileAttributes.class);
      } catch (IOException e) {
        return new Skip("the worker class path entry " + jar + " cannot be read (" + e + ")");
      }
      if (!attributes.isRegularFile()) {
        return new Skip("the worker class path entry " + jar + " is a folder: class-data archives hold only classes"
          + " from jars");
      }
      update(digest, "jar", jar + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis());
    }
    for (String option : jvmOptions) {
      update(digest, "option", option);
    }
    update(digest, "main", launch);
    String key = HexFormat.of().formatHex(digest.digest(), 0, 16);
    boolean aot = runtime.feature() >= AOT_CACHE_FEATURE;
    boolean mapAtBase = !aot && runtime.feature() >= RELOCATION_MODE_FEATURE
      && jvmOptions.stream().noneMatch(option -> option.contains("ArchiveRelocationMode"));
    return new Use(new ClassDataArchive(key, directory.resolve("worker-" + key + (aot ? ".aot" : ".jsa")), aot,
      mapAtBase));
  }

  /** @return a file's path, size and modification time, or that it is absent */
  private static String fileStamp(Path file) {
    if (file == null) {
      return "none";
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return file + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return file + "|absent";
    }
  }

  /**
   * @return the option that makes a worker use the archive
   */
  String useOption() {
    return (aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
  }

  /**
   * @return the options a worker gets to use the archive: {@link #useOption()}, after options that move the JVM's
   * class-data-sharing warnings (an archive that no longer matches, for example) from stdout, which carries frames
   * only, to stderr; and, with {@link #mapAtBase()}, the option that maps the archives where they were made for.
   * Recent JDK 17 and 21 updates map them elsewhere by default and relocate every pointer in them: each worker then
   * holds its own dirty copy of both archives (about 17 MiB here) instead of sharing their read-only pages (6 MiB
   * less PSS per idle worker, measured). The price is a predictable address for the archives' class metadata in the
   * workers, which run the application's own code (docs/security.md); an option naming
   * {@code ArchiveRelocationMode} in the JVM options keeps the JDK's choice.
   */
  List<String> useOptions() {
    List<String> options = new java.util.ArrayList<>();
    for (String tags : aotCache ? List.of("aot*", "cds*") : List.of("cds*")) {
      options.add("-Xlog:" + tags + "=off:stdout");
      options.add("-Xlog:" + tags + "=warning:stderr");
    }
    if (mapAtBase) {
      options.add("-XX:+UnlockDiagnosticVMOptions");
      options.add("-XX:ArchiveRelocationMode=0");
    }
    options.add(useOption());
    return options;
  }

  /**
   * @param output where the training run writes the archive (a temporary file, renamed into place once it exited 0)
   * @return the option that makes a training run write it
   */
  String trainOption(Path output) {
    return (aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + output;
  }

  /**
   * Marks the archive as used now, so that {@link #prune} keeps it: a later build's new jars make a new archive, and
   * the directory would otherwise only ever grow.
   */
  void touch(long nowMillis) {
    try {
      Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(nowMillis));
    } catch (IOException | RuntimeException e) {
      // a read-only directory: the archive is still usable, only its place in the pruning order is older
    }
  }

  /**
   * Deletes all but the {@code keep} most recently used archives of the directory (and the markers and logs of
   * their keys). A JVM that maps a deleted archive keeps using it: the file goes when the last one unmaps it.
   *
   * @return the archives deleted
   */
  static List<Path> prune(Path directory, int keep) throws IOException {
    List<Path> archives;
    try (java.util.stream.Stream<Path> files = Files.list(directory)) {
      archives = files.filter(ClassDataArchive::isArchive)
        .sorted(java.util.Comparator.comparing(ClassDataArchive::lastModified).reversed())
        .toList();
    }
    List<Path> deleted = new java.util.ArrayList<>();
    for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) {
      String name = old.getFileName().toString();
      String stem = name.substring(0, name.lastIndexOf('.'));
      for (String suffix : List.of(".failed", ".log")) {
        Files.deleteIfExists(old.resolveSibling(stem + suffix));
      }
      if (Files.deleteIfExists(old)) {
        deleted.add(old);
      }
    }
    return deleted;
  }

  private static boolean isArchive(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("worker-") && (name.endsWith(".jsa") || name.endsWith(".aot")) && Files.isRegularFile(file);
  }

  private static long lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Held while one JVM trains this archive. */
  Path lock() {
    return archive.resolveSibling("worker-" + key + ".lock");
  }

  /** Written when training failed, so that it is not tried again on every start. */
  Path failedMarker() {
    return archive.resolveSibling("worker-" + key + ".failed");
  }

  /** Where the training run's stderr goes, kept for a failure's diagnosis. */
  Path trainingLog() {
    return archive.resolveSibling("worker-" + key + ".log");
  }

  /**
   * Takes the lock of this archive: an atomic create, so two pools or two JVMs never train the same archive at
   * once. A lock older than {@code staleAfterMs} belongs to a training that died with its JVM and is taken over.
   *
   * @return whether this caller holds the lock now
   */
  boolean tryLock(long nowMillis, long staleAfterMs) throws IOException {
    Path lock = lock();
    Files.createDirectories(lock.getParent());
    try {
      Files.createFile(lock);
      return true;
    } catch (FileAlreadyExistsException held) {
      long age;
      try {
        age = nowMillis - Files.getLastModifiedTime(lock).toMillis();
      } catch (IOException gone) {
        age = Long.MAX_VALUE;
      }
      if (age < staleAfterMs) {
        return false;
      }
      Files.deleteIfExists(lock);
      try {
        Files.createFile(lock);
        return true;
      } catch (FileAlreadyExistsException takenMeanwhile) {
        return false;
      }
    }
  }

  void unlock() {
    try {
      Files.deleteIfExists(lock());
    } catch (IOException ignored) {
      // a stale lock is taken over after a while
    }
  }

  private static void update(MessageDigest digest, String label, String value) {
    digest.update((label + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
