package io.phalanx.parallel.impl.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task thread's stack found in a HotSpot thread dump, as a JDK 17 worker prints it on SIGQUIT: two threads share
 * the task thread's name (the frame readers take turns), and only the one inside {@code TaskRunner.run} runs a task.
 */
class ThreadDumpParserTest {

  /** A JDK 17.0.15 dump, shortened: the reader thread first, then the task thread, then the end. */
  static final String DUMP = """
    2026-12-06 18:40:11
    Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

    Threads class SMR info:
    _java_thread_list=0x00007f00e4002a30, length=11, elements={
    0x00007f00e40265a0, 0x00007f00e40f6a80
    }

    "phalanx-task-runner" #13 daemon prio=5 os_prio=0 cpu=3.51ms elapsed=2.30s tid=0x00007f00e4118ba0 nid=0x6506 runnable  [0x00007f00c109c000]
       java.lang.Thread.State: RUNNABLE
    \tat sun.nio.ch.SocketDispatcher.read0(java.base@17.0.15/Native Method)
    \tat sun.nio.ch.SocketChannelImpl.read(java.base@17.0.15/SocketChannelImpl.java:418)
    \tat io.phalanx.parallel.worker.LineReader.next(LineReader.java:44)
    \tat io.phalanx.parallel.worker.WorkerRuntime.readUntilClaimed(WorkerRuntime.java:140)
    \tat io.phalanx.parallel.worker.WorkerRuntime.readAndRun(WorkerRuntime.java:121)
    \tat java.lang.Thread.run(java.base@17.0.15/Thread.java:840)

    "phalanx-task-runner" #12 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=2.34s tid=0x00007f00e4118ba0 nid=0x6505 waiting on condition  [0x00007f00c119d000]
       java.lang.Thread.State: TIMED_WAITING (sleeping)
    \tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)
    \tat com.example.Stuck.waitHere(Stuck.java:12)
    \t- locked <0x000000069ec18a48> (a java.lang.Object)
    \tat com.example.Stuck.run(Stuck.java)
    \tat io.phalanx.parallel.worker.TaskRunner.run(TaskRunner.java:190)
    \tat io.phalanx.parallel.worker.TaskRunner.runClaimed(TaskRunner.java:88)
    \tat io.phalanx.parallel.worker.WorkerRuntime.readAndRun(WorkerRuntime.java:126)
    \tat io.phalanx.parallel.worker.WorkerRuntime$$Lambda$14/0x00007f0064000a08.run(Unknown Source)
    \tat java.lang.Thread.run(java.base@17.0.15/Thread.java:840)

    "VM Thread" os_prio=0 cpu=1.46ms elapsed=1.40s tid=0x00007f00e40f4460 nid=0x64f5 runnable

    JNI global refs: 4, weak refs: 0

    Heap
     def new generation   total 4928K, used 1223K [0x00000000e0000000, 0x00000000e0550000, 0x00000000eaaa0000)
    """;

  @Test
  void theTaskThreadIsTheOneInsideTaskRunnerRun() {
    ThreadDumpParser parser = new ThreadDumpParser();
    for (String line : DUMP.split("\n")) {
      parser.accept(line);
      if (parser.done()) {
        break;
      }
    }

    assertThat(parser.done()).isTrue();
    assertThat(parser.stack()).containsExactly(
      new StackTraceElement("java.lang.Thread", "sleep", null, -2),
      new StackTraceElement("com.example.Stuck", "waitHere", "Stuck.java", 12),
      new StackTraceElement("com.example.Stuck", "run", "Stuck.java", -1));
  }

  @Test
  void linesBeforeTheDumpAreNotItsOwn() {
    ThreadDumpParser parser = new ThreadDumpParser();

    assertThat(parser.accept("the task's own output")).isFalse();
    assertThat(parser.accept("\tat com.example.Looks.likeAFrame(Looks.java:1)")).isFalse();
    assertThat(parser.accept("Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode):")).isTrue();
    assertThat(parser.accept("")).isTrue();
  }

  @Test
  void aDumpWithoutARunningTaskEndsWithoutAStack() {
    ThreadDumpParser parser = new ThreadDumpParser();
    parser.accept("Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode):");
    parser.accept("\"main\" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition");
    parser.accept("\tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)");
    parser.accept("");
    assertThat(parser.done()).isFalse();

    parser.accept("JNI global refs: 4, weak refs: 0");

    assertThat(parser.done()).isTrue();
    assertThat(parser.stack()).isNull();
  }

  @Test
  void framesInEveryFormTheJvmPrints() {
    assertThat(ThreadDumpParser.frame("com.example.A.b(A.java:7)"))
      .isEqualTo(new StackTraceElement("com.example.A", "b", "A.java", 7));
    assertThat(ThreadDumpParser.frame("java.lang.Object.wait(java.base@17.0.15/Native Method)"))
      .isEqualTo(new StackTraceElement("java.lang.Object", "wait", null, -2));
    assertThat(ThreadDumpParser.frame("com.example.A$$Lambda$1/0x0000000800c03000.run(Unknown Source)"))
      .isEqualTo(new StackTraceElement("com.example.A$$Lambda$1/0x0000000800c03000", "run", null, -1));
    assertThat(ThreadDumpParser.frame("com.example.A.lambda$b$0(A.java)"))
      .isEqualTo(new StackTraceElement("com.example.A", "lambda$b$0", "A.java", -1));
    assertThat(ThreadDumpParser.frame("not a frame")).isNull();
  }
}
