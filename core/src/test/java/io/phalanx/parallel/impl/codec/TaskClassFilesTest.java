package io.phalanx.parallel.impl.codec;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.NotATask;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class TaskClassFilesTest {

  /** Remembers the classes it was asked to load. */
  private static final class Watching extends ClassLoader {
    final Set<String> loaded = ConcurrentHashMap.newKeySet();

    Watching() {
      super(TaskClassFilesTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      loaded.add(name);
      return super.loadClass(name, resolve);
    }
  }

  abstract static class Base implements Task<Integer> {
    @Override
    public Integer run(TaskScope scope) {
      return 1;
    }
  }

  static final class Derived extends Base {
  }

  interface SpecialTask extends Task<String> {
  }

  static final class ThroughAnInterface implements Runnable, SpecialTask {
    @Override
    public void run() {
    }

    @Override
    public String run(TaskScope scope) {
      return "";
    }
  }

  private final Watching loader = new Watching();

  private TaskClassFiles.Verdict verdict(String name) {
    return TaskClassFiles.of(loader, name);
  }

  @Test
  void aTaskIsToldFromItsClassFileWithoutLoadingIt() {
    assertThat(verdict(Add.class.getName())).isEqualTo(TaskClassFiles.Verdict.TASK);
    assertThat(verdict(Derived.class.getName())).isEqualTo(TaskClassFiles.Verdict.TASK);
    assertThat(verdict(ThroughAnInterface.class.getName())).isEqualTo(TaskClassFiles.Verdict.TASK);
    assertThat(loader.loaded).isEmpty();
  }

  @Test
  void aClassThatIsNotATaskIsToldWithoutLoadingIt() {
    assertThat(verdict(NotATask.class.getName())).isEqualTo(TaskClassFiles.Verdict.NOT_A_TASK);
    assertThat(verdict(TaskEncoder.class.getName())).isEqualTo(TaskClassFiles.Verdict.NOT_A_TASK);
    assertThat(loader.loaded).isEmpty();
    assertThat(System.getProperty(NotATask.INITIALISED)).isNull();
  }

  @Test
  void aClassWithoutAClassFileIsLeftToTheClassLoader() {
    assertThat(verdict("no.such.Clazz")).isEqualTo(TaskClassFiles.Verdict.UNKNOWN);
  }
}
