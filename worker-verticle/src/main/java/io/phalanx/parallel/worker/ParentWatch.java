package io.phalanx.parallel.worker;

/**
 * Ends the worker when its parent process is gone, even if the parent's end of stdin somehow stays open (a parent
 * killed while a grandchild holds the pipe). A daemon thread, so it needs no Vert.x.
 */
final class ParentWatch {

  static final long CHECK_INTERVAL_MS = 500;

  private ParentWatch() {
  }

  /**
   * @param parentPid the parent's pid; nothing is watched when it is not positive
   * @param onGone    called once, from the watching thread, when the parent has gone
   */
  static void start(long parentPid, Runnable onGone) {
    if (parentPid <= 0) {
      return;
    }
    Thread watch = new Thread(() -> {
      while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
        try {
          Thread.sleep(CHECK_INTERVAL_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
      onGone.run();
    }, "phalanx-parent-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
