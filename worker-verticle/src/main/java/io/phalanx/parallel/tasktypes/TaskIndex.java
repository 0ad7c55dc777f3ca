package io.phalanx.parallel.tasktypes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The task index: every task class that passed the compile-time check, by binary name, one per line. The
 * {@code phalanx-parallel-codegen} annotation processor writes one such resource per compiled module; with the
 * {@code INDEX} allowlist a worker reads them all with {@link #load(ClassLoader)} and instantiates only listed classes,
 * so a class name inside a frame never selects arbitrary code on the worker's class path.
 */
public final class TaskIndex {

  /** Where the index lives, relative to the class output (and so to the class path). */
  public static final String RESOURCE = "META-INF/phalanx-parallel/tasks.idx";

  private TaskIndex() {
  }

  /**
   * Reads every {@link #RESOURCE} visible to {@code loader} (one per jar or class folder).
   *
   * @param loader where to look
   * @return the binary names listed, sorted, without duplicates; empty when no index is found
   * @throws UncheckedIOException when an index exists but cannot be read
   */
  public static Set<String> load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    Set<String> names = new TreeSet<>();
    try {
      Enumeration<URL> resources = loader.getResources(RESOURCE);
      while (resources.hasMoreElements()) {
        read(resources.nextElement(), names);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return Collections.unmodifiableSet(names);
  }

  private static void read(URL url, Set<String> names) throws IOException {
    URLConnection connection = url.openConnection();
    // A cached jar connection would keep serving an index that was rebuilt since it was first read.
    connection.setUseCaches(false);
    try (InputStream in = connection.getInputStream()) {
      parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), names);
    }
  }

  /**
   * Adds the class names listed by an index to {@code names}: one per line, blank lines and {@code #} comments skipped.
   */
  public static void parse(BufferedReader reader, Set<String> names) throws IOException {
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
  }
}
