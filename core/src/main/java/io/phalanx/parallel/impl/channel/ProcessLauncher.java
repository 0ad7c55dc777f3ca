package io.phalanx.parallel.impl.channel;

import io.vertx.core.Future;

import java.util.List;

/**
 * Starts worker JVMs. The real one is {@link JdkProcessLauncher}; supervision is unit-tested with a fake.
 */
public interface ProcessLauncher {

  /**
   * @param command the executable (never interpreted by a shell)
   * @param args    its arguments
   * @return the started process, or a failure saying why it could not start
   */
  Future<WorkerProcess> launch(String command, List<String> args);
}
