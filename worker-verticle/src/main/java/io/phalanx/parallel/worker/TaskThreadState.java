package io.phalanx.parallel.worker;

/**
 * What a task may change of the thread it runs on, and the next task must not inherit: its name, its priority, its
 * context class loader and its handler of uncaught exceptions (the worker's, which ends a worker whose frame reader
 * died). A task of one sender must not slow down, rename or break the tasks of others that run on the same thread
 * after it. Thread-locals are not cleared: as in any thread pool, a task that sets one leaves it there.
 */
record TaskThreadState(String name, int priority, ClassLoader contextClassLoader,
                       Thread.UncaughtExceptionHandler uncaughtExceptionHandler) {

  static TaskThreadState of(Thread thread) {
    return new TaskThreadState(thread.getName(), thread.getPriority(), thread.getContextClassLoader(),
      thread.getUncaughtExceptionHandler());
  }

  /** Puts back what differs; nothing when nothing was changed (setting a name is a system call). */
  void restore(Thread thread) {
    if (!name.equals(thread.getName())) {
      thread.setName(name);
    }
    if (priority != thread.getPriority()) {
      thread.setPriority(priority);
    }
    if (contextClassLoader != thread.getContextClassLoader()) {
      thread.setContextClassLoader(contextClassLoader);
    }
    if (uncaughtExceptionHandler != thread.getUncaughtExceptionHandler()) {
      thread.setUncaughtExceptionHandler(uncaughtExceptionHandler);
    }
  }
}
