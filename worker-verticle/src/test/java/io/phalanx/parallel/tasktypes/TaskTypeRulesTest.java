package io.phalanx.parallel.tasktypes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTypeRulesTest {

  @Test
  void noForbiddenTypeHidesBehindASupertype() {
    // the first matching rule gives the reason, so a later subtype with its own reason would never be reported
    List<TaskTypeRules.ForbiddenType> rules = TaskTypeRules.FORBIDDEN_TYPES;
    List<String> shadowed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Class<?> type = load(rules.get(i).typeName());
      for (int j = 0; j < i && type != null; j++) {
        Class<?> earlier = load(rules.get(j).typeName());
        if (earlier != null && earlier.isAssignableFrom(type)
          && !rules.get(j).reason().equals(rules.get(i).reason())) {
          shadowed.add(type.getName() + " behind " + earlier.getName());
        }
      }
    }

    assertThat(shadowed).isEmpty();
  }

  @Test
  void forbiddenFindsARuleByItsExactName() {
    assertThat(TaskTypeRules.forbidden("java.lang.Thread").reason()).contains("thread");
    assertThat(TaskTypeRules.forbidden("java.lang.Runnable").reason()).contains("closure");
    assertThat(TaskTypeRules.forbidden("java.util.concurrent.ThreadPoolExecutor")).isNull();
    assertThat(TaskTypeRules.forbidden("java.lang.String")).isNull();
  }

  @Test
  void threadSubclassIsReportedAsAThread() {
    assertThat(TaskClassInspector.problem(ThreadTask.class)).hasValueSatisfying(message ->
      assertThat(message).contains(TaskTypeRules.forbidden("java.lang.Thread").reason()));
  }

  static final class Worker extends Thread {
  }

  record ThreadTask(Worker worker) implements io.phalanx.parallel.task.Task<Void> {
    @Override
    public Void run(io.phalanx.parallel.task.TaskScope scope) {
      return null;
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, TaskTypeRulesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
