package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.task.TaskAllowlist;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line the parent gives a worker JVM: {@code --worker-id ID [--max-frame-bytes N] [--parent-pid PID]
 * [--service-bundle CLASS]... [--service-timeout MS] [--allowlist ANY_TASK|INDEX|PACKAGES]
 * [--allowed-package PACKAGE]... [--parent-service TYPE=ADDRESS]... [--local-service TYPE=IMPLEMENTATION]...
 * [--heartbeat-interval MS]}.
 *
 * @param workerId       the worker id, for frames and logs
 * @param maxFrameBytes  the frame size limit, the same as the parent's
 * @param parentPid      the parent's pid, watched so the worker exits if the parent vanishes; -1 for none
 * @param serviceBundles the class names of the service bundles, in order ({@code --service-bundle}, repeated)
 * @param serviceTimeout the service call timeout in milliseconds ({@code --service-timeout})
 * @param allowlist      which task classes may be instantiated ({@code --allowlist})
 * @param allowedPackages for {@link TaskAllowlist#PACKAGES}: the packages ({@code --allowed-package}, repeated)
 * @param services       the services registered by themselves: parent services by type and address
 *                       ({@code --parent-service}, repeated), local services by type and implementation
 *                       ({@code --local-service}, repeated)
 * @param heartbeatInterval milliseconds between two {@code heartbeat} frames ({@code --heartbeat-interval}); 0 (the
 *                          default) for none
 */
public record WorkerArguments(String workerId, int maxFrameBytes, long parentPid, List<String> serviceBundles,
                              long serviceTimeout, TaskAllowlist allowlist, List<String> allowedPackages,
                              List<ServiceSpec> services, long heartbeatInterval) {

  /** The service call timeout when none is given: {@value} ms, the same as the parent's default. */
  public static final long DEFAULT_SERVICE_TIMEOUT = 30_000;

  public WorkerArguments {
    serviceBundles = List.copyOf(serviceBundles);
    allowedPackages = List.copyOf(allowedPackages);
    services = List.copyOf(services);
  }

  /**
   * Without heartbeats.
   */
  public WorkerArguments(String workerId, int maxFrameBytes, long parentPid, List<String> serviceBundles,
                         long serviceTimeout, TaskAllowlist allowlist, List<String> allowedPackages,
                         List<ServiceSpec> services) {
    this(workerId, maxFrameBytes, parentPid, serviceBundles, serviceTimeout, allowlist, allowedPackages, services, 0);
  }

  /**
   * Without services registered by themselves.
   */
  public WorkerArguments(String workerId, int maxFrameBytes, long parentPid, List<String> serviceBundles,
                         long serviceTimeout, TaskAllowlist allowlist, List<String> allowedPackages,
                         long heartbeatInterval) {
    this(workerId, maxFrameBytes, parentPid, serviceBundles, serviceTimeout, allowlist, allowedPackages, List.of(),
      heartbeatInterval);
  }

  /**
   * Without services registered by themselves, nor heartbeats.
   */
  public WorkerArguments(String workerId, int maxFrameBytes, long parentPid, List<String> serviceBundles,
                         long serviceTimeout, TaskAllowlist allowlist, List<String> allowedPackages) {
    this(workerId, maxFrameBytes, parentPid, serviceBundles, serviceTimeout, allowlist, allowedPackages, List.of(), 0);
  }

  /**
   * With any task class allowed.
   */
  public WorkerArguments(String workerId, int maxFrameBytes, long parentPid, List<String> serviceBundles,
                         long serviceTimeout) {
    this(workerId, maxFrameBytes, parentPid, serviceBundles, serviceTimeout, TaskAllowlist.ANY_TASK, List.of());
  }

  /**
   * Without service bundles and with the default service call timeout.
   */
  public WorkerArguments(String workerId, int maxFrameBytes, long parentPid) {
    this(workerId, maxFrameBytes, parentPid, List.of(), DEFAULT_SERVICE_TIMEOUT);
  }

  public static WorkerArguments parse(String[] args) {
    String workerId = "worker";
    int maxFrameBytes = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
    long parentPid = -1;
    List<String> serviceBundles = new ArrayList<>();
    long serviceTimeout = DEFAULT_SERVICE_TIMEOUT;
    TaskAllowlist allowlist = TaskAllowlist.ANY_TASK;
    List<String> allowedPackages = new ArrayList<>();
    List<ServiceSpec> services = new ArrayList<>();
    long heartbeatInterval = 0;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--worker-id" -> workerId = value;
        case "--max-frame-bytes" -> maxFrameBytes = Integer.parseInt(value);
        case "--parent-pid" -> parentPid = Long.parseLong(value);
        case "--service-bundle" -> serviceBundles.add(value);
        case "--service-timeout" -> {
          serviceTimeout = Long.parseLong(value);
          if (serviceTimeout < 1) {
            throw new IllegalArgumentException("--service-timeout must be at least 1 ms, was " + value);
          }
        }
        case "--allowlist" -> allowlist = TaskAllowlist.valueOf(value);
        case "--allowed-package" -> allowedPackages.add(value);
        case "--parent-service" -> services.add(ServiceSpec.parse(true, value));
        case "--local-service" -> services.add(ServiceSpec.parse(false, value));
        case "--heartbeat-interval" -> {
          heartbeatInterval = Long.parseLong(value);
          if (heartbeatInterval < 0) {
            throw new IllegalArgumentException("--heartbeat-interval must be at least 0 ms, was " + value);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new WorkerArguments(workerId, maxFrameBytes, parentPid, serviceBundles, serviceTimeout, allowlist,
      allowedPackages, services, heartbeatInterval);
  }

  /**
   * @return whether the pool declares any service: the worker then starts Vert.x at once, since the services live
   * on its event bus
   */
  public boolean declaresServices() {
    return !serviceBundles.isEmpty() || !services.isEmpty();
  }
}
