package io.phalanx.parallel.task;

/**
 * A unit of work that runs inside a worker JVM.
 * <p>
 * A task is data, not code: it travels to the worker as its class name plus the Jackson form of its fields, and the
 * worker rebuilds it there. Declare tasks as records (or static classes with a Jackson creator) whose fields are plain
 * serializable values: primitives, strings, enums, lists, maps, nested records. Lambdas, anonymous, local and
 * non-static inner classes, and fields holding closures, threads, streams, connections or Vert.x objects are refused
 * at dispatch with {@code InvalidTaskException} (and at compile time by the phalanx-parallel-codegen processor).
 * <p>
 * The result travels back as JSON and is read into {@code R}, the type argument this class gives {@code Task}, so
 * records, enums, lists, maps, primitives and {@code null} come back with their types.
 *
 * <pre>{@code
 * public record Add(int a, int b) implements Task<Integer> {
 *   public Integer run(TaskScope scope) { return a + b; }
 * }
 * }</pre>
 *
 * @param <R> the result type
 */
public interface Task<R> {

  /**
   * Runs the task on the worker's task thread (never on an event loop), one task at a time per worker.
   *
   * @param scope what the task can reach inside its worker
   * @return the result, sent back to the caller
   * @throws Exception any failure; the caller receives it as {@code TaskFailedException} with the remote class,
   *                   message, stack trace and cause chain
   */
  R run(TaskScope scope) throws Exception;
}
