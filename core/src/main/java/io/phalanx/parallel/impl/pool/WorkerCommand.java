package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.impl.services.ParentServiceBridge;
import io.phalanx.parallel.worker.ServiceSpec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The argv that starts one worker JVM: {@code java [options] -cp CLASSPATH WorkerMain --worker-id ID ...}. The
 * parent's own {@code java} and class path unless the configuration names others. A parent that runs from named
 * modules (a module path or a {@code jlink} image) and names no class path starts its workers from the same modules
 * instead: {@code java [options] [--module-path PATH] --add-modules ... -m io.phalanx.parallel.worker/WorkerMain ...}
 * ({@link WorkerModules}). Each worker gets its share of the cores as {@code -XX:ActiveProcessorCount} unless the
 * configured options set it.
 */
public final class WorkerCommand {

  public static final String MAIN_CLASS = "io.phalanx.parallel.worker.WorkerMain";

  /**
   * Always given, before the configured options: the JVM's own messages (out of memory, fatal errors) go to stderr,
   * where they explain a crash, instead of stdout, which carries frames.
   */
  static final List<String> MANDATORY_JVM_OPTIONS = List.of("-XX:+DisplayVMOutputToStderr");

  /**
   * Given to workers that run the parent's own JDK where it can trim its native heap (JDK-8293114: 17.0.9 and later
   * 17 updates, 21.0.1 and later, 22 and later), unless the options name the interval themselves: every 2 s the JVM
   * gives the C heap's free pages back to the system. An idle worker holds about 2 MiB less (measured: anonymous PSS
   * 22.3 against 20.2 MiB). Experimental before 17.0.11 and 21.0.3, hence the unlock, which is harmless after.
   */
  static final List<String> TRIM_NATIVE_HEAP = List.of("-XX:+UnlockExperimentalVMOptions",
    "-XX:TrimNativeHeapInterval=2000");

  /** The JVM option that sets how many processors the JVM believes it has. */
  static final String ACTIVE_PROCESSOR_COUNT = "-XX:ActiveProcessorCount=";

  private final String java;
  private final String classpath;
  /** The parent's modules when the workers start from them; {@code null} on the class path. */
  private final WorkerModules modules;
  private final List<String> jvmOptions;
  private final int maxFrameBytes;
  private final List<String> serviceBundles;
  /** {@code --parent-service TYPE=ADDRESS} and {@code --local-service TYPE=IMPLEMENTATION}: never the settings. */
  private final List<String> serviceArguments = new ArrayList<>();
  private final long serviceCallTimeout;
  private final io.phalanx.parallel.task.TaskAllowlist allowlist;
  private final List<String> allowedPackages;
  /** Supervision, round two: how often a worker sends a heartbeat; 0 for never. */
  private final long heartbeatInterval;
  /** Each worker's share of the cores, given as {@code -XX:ActiveProcessorCount}; 0 when the options choose. */
  private final int processors;
  /** {@link #TRIM_NATIVE_HEAP} where it applies, or none. */
  private final List<String> trimOptions;
  /** Given after the configured options once a class-data archive exists: read by every start, set later. */
  private volatile List<String> sharingOptions = List.of();
  /** Hears why, when a worker could not start with {@link #sharingOptions} and could without them. */
  private Consumer<String> sharingRefused;

  public WorkerCommand(ParallelConfig config) {
    this(config, config.getClasspath() != null ? null : WorkerModules.ofParent());
  }

  /**
   * @param modules the modules the workers start from, or {@code null} for the class path
   */
  WorkerCommand(ParallelConfig config, WorkerModules modules) {
    this.modules = modules;
    this.java = config.getJavaCommand() != null ? config.getJavaCommand()
      : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classpath = config.getClasspath() != null ? config.getClasspath() : System.getProperty("java.class.path", "");
    this.jvmOptions = List.copyOf(config.getJvmOptions());
    this.maxFrameBytes = config.getMaxFrameBytes();
    this.serviceBundles = List.copyOf(config.getServiceBundles());
    for (ServiceSpec spec : ParentServiceBridge.specs(config)) {
      ServiceSpec known = spec.parent() ? ServiceSpec.parentProxy(spec.type(), spec.address()) : spec;
      serviceArguments.add(spec.parent() ? "--parent-service" : "--local-service");
      serviceArguments.add(known.argument());
    }
    this.serviceCallTimeout = config.getServiceCallTimeout();
    this.allowlist = config.getTaskAllowlist();
    this.allowedPackages = List.copyOf(config.getAllowedTaskPackages());
    this.heartbeatInterval = SlotWatch.beatInterval(config);
    this.processors = choosesProcessors(jvmOptions, System.getenv("JAVA_TOOL_OPTIONS")) ? 0
      : share(Runtime.getRuntime().availableProcessors(), PoolSize.maxOf(config));
    // another java's version is unknown without reading its files: it gets no option it might not know
    this.trimOptions = config.getJavaCommand() == null && canTrimNativeHeap(Runtime.version())
      && namesNoTrimInterval(jvmOptions, System.getenv("JAVA_TOOL_OPTIONS")) ? TRIM_NATIVE_HEAP : List.of();
  }

  /** @return whether a JVM of {@code version} knows {@code -XX:TrimNativeHeapInterval} */
  static boolean canTrimNativeHeap(Runtime.Version version) {
    int feature = version.feature();
    return feature == 17 ? version.update() >= 9 : feature == 21 ? version.update() >= 1 : feature >= 22;
  }

  private static boolean namesNoTrimInterval(List<String> jvmOptions, String toolOptions) {
    return jvmOptions.stream().noneMatch(option -> option.contains("TrimNativeHeapInterval"))
      && (toolOptions == null || !toolOptions.contains("TrimNativeHeapInterval"));
  }

  /**
   * @return a worker's share of {@code cores} when up to {@code workers} share them: at least 1
   */
  static int share(int cores, int workers) {
    return Math.max(1, cores / Math.max(1, workers));
  }

  /**
   * @param toolOptions the {@code JAVA_TOOL_OPTIONS} the workers inherit, which every JVM reads; may be null
   * @return whether the application sets the JVM's processor count itself
   */
  static boolean choosesProcessors(List<String> jvmOptions, String toolOptions) {
    return jvmOptions.stream().anyMatch(option -> option.startsWith(ACTIVE_PROCESSOR_COUNT))
      || (toolOptions != null && toolOptions.contains(ACTIVE_PROCESSOR_COUNT));
  }

  /** @return the {@code -XX:ActiveProcessorCount} every worker gets, or 0 when the JVM options choose it */
  int processors() {
    return processors;
  }

  public String executable() {
    return java;
  }

  public String classpath() {
    return classpath;
  }

  /**
   * @return where the worker's classes come from, each entry a jar or a folder: the class path's entries, then the
   * module path's; none for a worker that runs entirely from a {@code jlink} image
   */
  public List<String> codePath() {
    List<String> entries = new ArrayList<>();
    if (modules == null || !classpath.isEmpty()) {
      entries.addAll(List.of(classpath.split(File.pathSeparator, -1)));
    }
    if (modules != null) {
      entries.addAll(modules.modulePathEntries());
    }
    return entries;
  }

  /**
   * @return how the worker's main class is named on its command line: the class, or {@code -m} with its module and
   * the modules added to the graph
   */
  public String launch() {
    return modules == null ? MAIN_CLASS : modules.describe();
  }

  /** @return whether the workers start from the parent's modules rather than from a class path */
  public boolean fromModules() {
    return modules != null;
  }

  public List<String> jvmOptions() {
    return jvmOptions;
  }

  /**
   * @param options JVM options every worker started from now on gets after the configured ones
   */
  public void sharingOptions(List<String> options) {
    sharingOptions(options, why -> { });
  }

  /**
   * @param options      JVM options every worker started from now on gets after the configured ones
   * @param whenRefused  hears why, once, if a worker cannot start with them ({@link #sharingRefused})
   */
  public void sharingOptions(List<String> options, Consumer<String> whenRefused) {
    this.sharingOptions = List.copyOf(options);
    this.sharingRefused = whenRefused;
  }

  /** @return the class-data sharing options a worker started now gets; empty when none */
  public List<String> sharingOptions() {
    return sharingOptions;
  }

  /**
   * A worker exited before it was ready when started with {@code options}, and was ready when started again without
   * them: no worker gets them again, and whoever gave them hears why. Nothing happens when other options have been
   * given since.
   */
  void sharingRefused(List<String> options, String why) {
    if (options.isEmpty() || !options.equals(sharingOptions)) {
      return;
    }
    sharingOptions = List.of();
    Consumer<String> listener = sharingRefused;
    sharingRefused = null;
    if (listener != null) {
      listener.accept(why);
    }
  }

  public List<String> arguments(String workerId) {
    return arguments(workerId, sharingOptions);
  }

  /**
   * @param extraJvmOptions given after the configured JVM options instead of the class-data sharing ones
   */
  public List<String> arguments(String workerId, List<String> extraJvmOptions) {
    List<String> args = new ArrayList<>(MANDATORY_JVM_OPTIONS);
    if (processors > 0) {
      args.add(ACTIVE_PROCESSOR_COUNT + processors);
    }
    args.addAll(trimOptions);
    args.addAll(jvmOptions);
    args.addAll(extraJvmOptions);
    if (modules == null) {
      args.add("-cp");
      args.add(classpath);
      args.add(MAIN_CLASS);
    } else {
      args.addAll(modules.options());
      if (!classpath.isEmpty()) {
        args.add("-cp");
        args.add(classpath);
      }
      args.add("-m");
      args.add(WorkerModules.WORKER_MODULE + "/" + MAIN_CLASS);
    }
    args.add("--worker-id");
    args.add(workerId);
    args.add("--max-frame-bytes");
    args.add(Integer.toString(maxFrameBytes));
    args.add("--parent-pid");
    args.add(Long.toString(ProcessHandle.current().pid()));
    for (String bundle : serviceBundles) {
      args.add("--service-bundle");
      args.add(bundle);
    }
    args.addAll(serviceArguments);
    args.add("--service-timeout");
    args.add(Long.toString(serviceCallTimeout));
    args.add("--allowlist");
    args.add(allowlist.name());
    for (String allowedPackage : allowedPackages) {
      args.add("--allowed-package");
      args.add(allowedPackage);
    }
    if (heartbeatInterval > 0) {
      args.add("--heartbeat-interval");
      args.add(Long.toString(heartbeatInterval));
    }
    return args;
  }

  /**
   * @return why the command cannot work, before trying it; {@code null} when it may
   */
  String problem() {
    if (java.contains("/") || java.contains("\\")) {
      Path path = Path.of(java);
      if (!Files.isRegularFile(path)) {
        return "java command '" + java + "' not found (ParallelConfig.setJavaCommand)";
      }
      if (!Files.isExecutable(path)) {
        return "java command '" + java + "' is not executable (ParallelConfig.setJavaCommand)";
      }
    }
    return null;
  }
}
