package io.phalanx.parallel.examples.models;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.TimeUnit;

/**
 * An application that runs a buggy task through {@code executeBlocking}, in a JVM of its own so that the test's JVM
 * survives what the task does to it. Prints what it saw; its exit status tells the rest.
 * <p>
 * {@code ExecuteBlockingApp oom|exit}
 */
public final class ExecuteBlockingApp {

  private ExecuteBlockingApp() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("app-blocking", 2);
    try {
      FaultTasks.Square next = new FaultTasks.Square(7);
      Object task = switch (args[0]) {
        case "oom" -> new FaultTasks.AllocateForever();
        case "exit" -> new FaultTasks.Exit(3);
        default -> throw new IllegalArgumentException(args[0]);
      };
      try {
        executor.executeBlocking(() -> ((io.phalanx.parallel.task.Task<?>) task).run(null), false)
          .await(60, TimeUnit.SECONDS);
        System.out.println("task answered");
      } catch (Throwable failure) {
        System.out.println("task failed in the application's JVM: " + failure.getClass().getName());
      }
      System.out.println("next task answered " + executor.executeBlocking(() -> next.run(null), false)
        .await(60, TimeUnit.SECONDS));
    } finally {
      executor.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
