package io.phalanx.parallel.tasktypes;

import io.phalanx.parallel.task.TaskAllowlist;

import java.util.List;
import java.util.Set;

/**
 * The decision of a {@link TaskAllowlist}: which class names a task frame or a request may name. Decided on the
 * name alone, before any class is loaded.
 */
public final class AllowedTasks {

  private final TaskAllowlist mode;
  private final List<String> packages;
  private final Set<String> index;

  private AllowedTasks(TaskAllowlist mode, List<String> packages, Set<String> index) {
    this.mode = mode;
    this.packages = packages;
    this.index = index;
  }

  /**
   * @param packages for {@link TaskAllowlist#PACKAGES}: the allowed packages
   * @param loader   for {@link TaskAllowlist#INDEX}: where the task indexes are read from
   */
  public static AllowedTasks of(TaskAllowlist mode, List<String> packages, ClassLoader loader) {
    switch (mode) {
      case INDEX:
        return new AllowedTasks(mode, List.of(), TaskIndex.load(loader));
      case PACKAGES:
        return new AllowedTasks(mode, List.copyOf(packages), Set.of());
      default:
        return new AllowedTasks(TaskAllowlist.ANY_TASK, List.of(), Set.of());
    }
  }

  public static AllowedTasks anyTask() {
    return new AllowedTasks(TaskAllowlist.ANY_TASK, List.of(), Set.of());
  }

  /**
   * @return why the class may not be instantiated as a task, or {@code null} when it may (if it implements
   * {@code Task}, which is checked separately)
   */
  public String refusal(String className) {
    switch (mode) {
      case INDEX:
        if (index.contains(className)) {
          return null;
        }
        return index.isEmpty()
          ? className + " is not allowed: the task allowlist is INDEX and no task index (" + TaskIndex.RESOURCE
            + ") is on the class path; compile the task classes with the phalanx-parallel-codegen processor"
          : className + " is not in the task index (" + TaskIndex.RESOURCE + "), and the task allowlist is INDEX";
      case PACKAGES:
        for (String allowed : packages) {
          if (className.startsWith(allowed + ".")) {
            return null;
          }
        }
        return className + " is not in an allowed task package " + packages + " (task allowlist PACKAGES)";
      default:
        return null;
    }
  }
}
