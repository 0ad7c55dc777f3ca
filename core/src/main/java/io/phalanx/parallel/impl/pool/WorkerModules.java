package io.phalanx.parallel.impl.pool;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * How a worker finds its code when the parent runs from named modules (a module path, or a {@code jlink} image):
 * the parent's module path, if it has one, and the parent's own application modules as roots. A worker is then
 * started with {@code -m io.phalanx.parallel.worker/...WorkerMain} and resolves the same modules, so a task class
 * that the parent names is found there too. On the class path there is nothing to resolve and none of this applies.
 *
 * @param modulePath the parent's {@code --module-path}; {@code null} in a {@code jlink} image, whose modules are linked
 *                   in
 * @param roots      the modules the worker adds to its graph: every module of the parent's boot layer but the JDK's
 */
record WorkerModules(String modulePath, List<String> roots) {

  /** The worker runtime's module, where {@link WorkerCommand#MAIN_CLASS} lives. */
  static final String WORKER_MODULE = "io.phalanx.parallel.worker";

  WorkerModules {
    roots = List.copyOf(roots);
    if (modulePath != null && modulePath.isEmpty()) {
      modulePath = null;
    }
  }

  /**
   * @return the parent's modules, or {@code null} when this library runs on the class path (the unnamed module)
   */
  static WorkerModules ofParent() {
    if (!WorkerModules.class.getModule().isNamed()) {
      return null;
    }
    List<String> roots = new ArrayList<>();
    for (Module module : ModuleLayer.boot().modules()) {
      String name = module.getName();
      // the JDK's modules come with the worker's own runtime, each pulled in by a module that requires it
      if (!name.startsWith("java.") && !name.startsWith("jdk.")) {
        roots.add(name);
      }
    }
    roots.sort(null);
    return new WorkerModules(System.getProperty("jdk.module.path"), roots);
  }

  /**
   * @return the options before the main module: {@code [--module-path PATH] --add-modules A,B,...}
   */
  List<String> options() {
    List<String> options = new ArrayList<>();
    if (modulePath != null) {
      options.add("--module-path");
      options.add(modulePath);
    }
    if (!roots.isEmpty()) {
      options.add("--add-modules");
      options.add(String.join(",", roots));
    }
    return options;
  }

  /** @return the module path's entries, none in a {@code jlink} image */
  List<String> modulePathEntries() {
    return modulePath == null ? List.of() : List.of(modulePath.split(File.pathSeparator, -1));
  }

  /** @return what a class-data archive's key holds of this launch besides the jars */
  String describe() {
    return "-m " + WORKER_MODULE + "/" + WorkerCommand.MAIN_CLASS + " --add-modules " + String.join(",", roots);
  }
}
