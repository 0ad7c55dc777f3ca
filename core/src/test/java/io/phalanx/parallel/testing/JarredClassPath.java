package io.phalanx.parallel.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Points this test JVM's {@code java.class.path}, which the pools' workers inherit, at jars of Maven's class folders
 * ({@code target/classes}, {@code target/test-classes}): a worker class path of jars gets the pool's class-data archive
 * (the JVM archives classes from jars only), which took about a quarter off the functional tests, since they start
 * several hundred workers.
 */
public final class JarredClassPath {

  private static final Set<String> OUTPUT_FOLDERS = Set.of("classes", "test-classes");
  private static String withFolders;

  private JarredClassPath() {
  }

  /** Once per JVM; before the first pool reads the class path. */
  public static synchronized void apply() {
    if (withFolders != null) {
      return;
    }
    withFolders = System.getProperty("java.class.path", "");
    List<String> entries = new ArrayList<>();
    for (String entry : withFolders.split(File.pathSeparator, -1)) {
      if (entry.isEmpty()) {
        // the current folder, which Surefire's class path names by an empty entry: none of the tests' classes are
        // there, and an archive is made only for a class path of jars
        continue;
      }
      Path path = Path.of(entry);
      boolean outputFolder = OUTPUT_FOLDERS.contains(path.getFileName().toString()) && Files.isDirectory(path);
      entries.add(outputFolder ? pack(path, path.resolveSibling("worker-class-path").resolve(path.getFileName()
        + ".jar")).toString() : entry);
    }
    System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
  }

  /** @return this JVM's class path as Surefire set it, with its class folders */
  public static synchronized String withFolders() {
    apply();
    return withFolders;
  }

  /**
   * Packs every file of {@code folder} into {@code jar}, written aside and moved into place.
   *
   * @return {@code jar}
   */
  private static Path pack(Path folder, Path jar) {
    try {
      Files.createDirectories(jar.getParent());
      Path partial = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".part");
      try (OutputStream out = Files.newOutputStream(partial); JarOutputStream jarOut = new JarOutputStream(out);
           Stream<Path> files = Files.walk(folder)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          jarOut.putNextEntry(new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
          Files.copy(file, jarOut);
          jarOut.closeEntry();
        }
      }
      Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + folder + " into " + jar, e);
    }
  }
}
