package io.phalanx.parallel.impl.codec;

import io.phalanx.parallel.task.Task;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells from a class's file, without loading the class, whether it implements {@link Task}: a request names a class,
 * and loading a class that is not a task only to find out is already more than a sender should be able to make the
 * parent do. Reads the class file's super class and interfaces through the class loader's resources, up the
 * hierarchy; classes of the JDK's packages are taken to implement no task.
 */
final class TaskClassFiles {

  /** What the class files say. */
  enum Verdict { TASK, NOT_A_TASK, UNKNOWN }

  private static final String TASK = Task.class.getName().replace('.', '/');
  /** Classes read for one verdict at most: a deeper hierarchy is left to the class loader. */
  private static final int MAX_CLASSES = 64;

  private TaskClassFiles() {
  }

  /**
   * @return {@code TASK} or {@code NOT_A_TASK} when every class file of the hierarchy could be read, {@code UNKNOWN}
   * when one could not (a class defined without a class file, an unusual class loader): then only loading tells
   */
  static Verdict of(ClassLoader loader, String className) {
    Deque<String> toRead = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    toRead.add(className.replace('.', '/'));
    while (!toRead.isEmpty()) {
      String name = toRead.poll();
      if (name.equals(TASK)) {
        return Verdict.TASK;
      }
      if (name.startsWith("java/") || name.startsWith("javax/") || name.startsWith("jdk/") || !seen.add(name)) {
        continue;
      }
      if (seen.size() > MAX_CLASSES) {
        return Verdict.UNKNOWN;
      }
      try (InputStream in = loader.getResourceAsStream(name + ".class")) {
        if (in == null || !supertypes(new DataInputStream(new BufferedInputStream(in)), toRead)) {
          return Verdict.UNKNOWN;
        }
      } catch (IOException | RuntimeException e) {
        return Verdict.UNKNOWN;
      }
    }
    return Verdict.NOT_A_TASK;
  }

  /**
   * Adds the super class and the interfaces named in a class file (JVMS 4.1) to {@code names}.
   *
   * @return false when it is not a class file
   */
  private static boolean supertypes(DataInputStream in, Deque<String> names) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      return false;
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        default -> {
          return false;
        }
      }
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int superClass = in.readUnsignedShort();
    if (superClass != 0) {
      names.add(utf8[classNames[superClass]]);
    }
    int interfaces = in.readUnsignedShort();
    for (int i = 0; i < interfaces; i++) {
      names.add(utf8[classNames[in.readUnsignedShort()]]);
    }
    return true;
  }
}
