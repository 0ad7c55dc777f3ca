/**
 * The annotation processor that checks task classes while they compile and writes the task index.
 */
module io.phalanx.parallel.codegen {
  requires java.compiler;
  requires jdk.compiler;
  requires io.phalanx.parallel.worker;

  exports io.phalanx.parallel.codegen;

  provides javax.annotation.processing.Processor with io.phalanx.parallel.codegen.TaskProcessor;
}
