package io.phalanx.parallel.codegen;

import io.phalanx.parallel.tasktypes.TaskIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Collects the valid task classes of every round and writes {@link TaskIndex#RESOURCE} once, in the last round.
 * <p>
 * An incremental compiler (an IDE, for instance) may recompile a few files into a class output that already holds
 * an index. Entries for classes not compiled this time are kept when the class can still be found and still passes
 * the check; entries for classes compiled this time are replaced by this compile's verdict.
 */
final class TaskIndexWriter {

  private final Filer filer;
  private final Elements elements;
  private final TaskClassChecker checker;
  private final Set<String> valid = new TreeSet<>();
  private final Set<String> compiled = new HashSet<>();
  private final List<Element> origins = new ArrayList<>();
  private boolean written;

  TaskIndexWriter(Filer filer, Elements elements, TaskClassChecker checker) {
    this.filer = filer;
    this.elements = elements;
    this.checker = checker;
  }

  /** Records a concrete task class compiled in this run and whether it passed. */
  void add(TypeElement type, boolean passed) {
    String name = checker.binaryName(type);
    compiled.add(name);
    if (passed) {
      valid.add(name);
      origins.add(type);
    }
  }

  /**
   * Writes the index, once. Nothing is written when there is neither a task nor an earlier index to update.
   */
  void write() throws IOException {
    if (written) {
      return;
    }
    written = true;
    Set<String> names = new TreeSet<>(valid);
    Set<String> previous = readPrevious();
    for (String name : previous) {
      if (!compiled.contains(name) && stillValid(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty() && previous.isEmpty()) {
      return;
    }
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", TaskIndex.RESOURCE,
      origins.toArray(new Element[0]));
    try (Writer out = file.openWriter()) {
      for (String name : names) {
        out.write(name);
        out.write('\n');
      }
    }
  }

  private Set<String> readPrevious() {
    Set<String> names = new TreeSet<>();
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", TaskIndex.RESOURCE);
      try (Reader in = new InputStreamReader(file.openInputStream(), StandardCharsets.UTF_8)) {
        TaskIndex.parse(new BufferedReader(in), names);
      }
    } catch (IOException | IllegalArgumentException e) {
      // no earlier index (the usual case), or one that cannot be read: this compile's classes alone make the index
      return new TreeSet<>();
    }
    return names;
  }

  /** Looks the class up by canonical name; a binary name with a '$' of its own fails here and is dropped. */
  private boolean stillValid(String binaryName) {
    TypeElement type = elements.getTypeElement(binaryName.replace('$', '.'));
    return type != null
      && checker.binaryName(type).equals(binaryName)
      && checker.isConcreteTask(type)
      && checker.check(type).isEmpty();
  }
}
