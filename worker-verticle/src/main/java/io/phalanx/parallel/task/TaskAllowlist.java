package io.phalanx.parallel.task;

/**
 * Which classes a worker may instantiate from a {@code task} frame (and the supervisor accepts in a request). Only
 * classes implementing {@link Task} are ever instantiated, in every mode; the modes narrow that further.
 * <p>
 * Why it matters: a request names a class, and a worker builds an instance of it. Whoever can send to the pool
 * address (any verticle, any node of a cluster) chooses that name. Limiting it to the application's own task classes
 * means a request can never make a worker run a constructor or a {@code run} method nobody meant as a task.
 */
public enum TaskAllowlist {

  /** Any class implementing {@link Task} on the worker's class path (the default). */
  ANY_TASK,

  /**
   * Only the classes listed in the task index ({@code META-INF/phalanx-parallel/tasks.idx}) that the
   * {@code phalanx-parallel-codegen} processor writes for every module it compiles.
   */
  INDEX,

  /** Only classes in the configured packages (and their subpackages). */
  PACKAGES
}
