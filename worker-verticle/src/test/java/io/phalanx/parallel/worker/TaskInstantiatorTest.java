package io.phalanx.parallel.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.InitFlags;
import io.phalanx.parallel.fixtures.Mirror;
import io.phalanx.parallel.fixtures.Point;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.phalanx.parallel.tasktypes.TaskTypeRules;
import io.phalanx.parallel.worker.TaskInstantiator.InvalidTaskFrameException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TaskInstantiatorTest {

  private static final String FIXTURES = "io.phalanx.parallel.fixtures.";

  private final ObjectMapper mapper = ProtocolMapper.create();
  private final TaskInstantiator instantiator = new TaskInstantiator(mapper, getClass().getClassLoader());

  private JsonNode json(String text) throws Exception {
    return mapper.readTree(text);
  }

  private InvalidTaskFrameException refusal(String className, String args) throws Exception {
    JsonNode node = json(args);
    InvalidTaskFrameException e = catchThrowableOfType(() -> instantiator.instantiate(className, node),
      InvalidTaskFrameException.class);
    assertThat(e).as("instantiating " + className).isNotNull();
    return e;
  }

  @Nested
  class Building {

    @Test
    void buildsARecordFromItsJsonArguments() throws Exception {
      Task<?> task = instantiator.instantiate(Add.class.getName(), json("{\"a\":2,\"b\":40}"));

      assertThat(task).isEqualTo(new Add(2, 40));
    }

    @Test
    void buildsNestedRecords() throws Exception {
      Task<?> task = instantiator.instantiate(Mirror.class.getName(), json("{\"point\":{\"x\":1,\"y\":2}}"));

      assertThat(task).isEqualTo(new Mirror(new Point(1, 2)));
    }
  }

  /** Classes that are not tasks, or not allowed. */
  @Nested
  class Refusals {

    @Test
    void anUnknownClassIsAnInvalidTaskNamingTheClass() throws Exception {
      InvalidTaskFrameException e = refusal("com.acme.DoesNotExist", "{}");

      assertThat(e).hasMessage("unknown task class com.acme.DoesNotExist (not on the worker's classpath)");
      assertThat(e.getCause()).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void processBuilderIsRefusedAsNotATask() throws Exception {
      assertThat(refusal("java.lang.ProcessBuilder", "{\"command\":[\"rm\",\"-rf\",\"/\"]}"))
        .hasMessage("java.lang.ProcessBuilder does not implement io.phalanx.parallel.task.Task");
    }

    @Test
    void hashMapIsRefusedAsNotATask() throws Exception {
      assertThat(refusal("java.util.HashMap", "{\"a\":1}"))
        .hasMessage("java.util.HashMap does not implement io.phalanx.parallel.task.Task");
    }

    @Test
    void inspectorRefusalGivesItsMessage() throws Exception {
      assertThat(refusal(NotConstructible.class.getName(), "{}"))
        .hasMessage(String.format(TaskTypeRules.NOT_CONSTRUCTIBLE_MESSAGE, NotConstructible.class.getName()));
    }

    @Test
    void anAnonymousTaskClassNamedInAFrameIsRefused() throws Exception {
      Task<String> anonymous = new Task<>() {
        @Override
        public String run(TaskScope scope) {
          return "anonymous";
        }
      };
      String name = anonymous.getClass().getName();

      assertThat(refusal(name, "{}")).hasMessage(String.format(TaskTypeRules.ANONYMOUS_MESSAGE, name));
    }

    @Test
    void taskOutsideAllowlistIsRefusedUnloaded() throws Exception {
      TaskInstantiator packagesOnly = new TaskInstantiator(mapper, getClass().getClassLoader(),
        io.phalanx.parallel.tasktypes.AllowedTasks.of(io.phalanx.parallel.task.TaskAllowlist.PACKAGES,
          java.util.List.of("com.acme"), getClass().getClassLoader()));
      JsonNode args = json("{\"a\":2,\"b\":40}");

      InvalidTaskFrameException e = catchThrowableOfType(() -> packagesOnly.instantiate(Add.class.getName(), args),
        InvalidTaskFrameException.class);

      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains(Add.class.getName()).contains("allowed task package");
      assertThat(e.getCause()).isNull();
    }
  }

  /** A class is initialized only once it is known to be a valid task. */
  @Nested
  class Initialization {

    @Test
    void aClassThatIsNotATaskIsNeverInitialized() throws Exception {
      assertThat(refusal(FIXTURES + "NotATaskWithStaticInit", "{\"value\":1}"))
        .hasMessage(FIXTURES + "NotATaskWithStaticInit does not implement io.phalanx.parallel.task.Task");

      assertThat(InitFlags.notATaskInitialized).isFalse();
    }

    @Test
    void aTaskRefusedByTheInspectorIsNeverInitialized() throws Exception {
      String name = FIXTURES + "ForbiddenTaskWithStaticInit";

      InvalidTaskFrameException e = refusal(name, "{}");

      assertThat(e).hasMessage(String.format(TaskTypeRules.FIELD_MESSAGE, "thread", name, "java.lang.Thread",
        TaskTypeRules.forbidden("java.lang.Thread").reason()));
      assertThat(InitFlags.forbiddenTaskInitialized).isFalse();
    }

    @Test
    void aValidTaskIsInitializedWhenBuilt() throws Exception {
      // the control case: proves the static-initializer flags of the fixtures do work
      Task<?> task = instantiator.instantiate(FIXTURES + "ValidTaskWithStaticInit", json("{\"n\":5}"));

      assertThat(task.run(null)).isEqualTo(5);
      assertThat(InitFlags.validTaskInitialized).isTrue();
    }
  }

  static final class NotConstructible implements Task<String> {
    NotConstructible(String unused) {
    }

    @Override
    public String run(TaskScope scope) {
      return "never";
    }
  }

  @Nested
  class Arguments {

    @Test
    void argumentsOfTheWrongTypeAreAnInvalidTask() throws Exception {
      InvalidTaskFrameException e = refusal(Add.class.getName(), "{\"a\":\"two\",\"b\":3}");

      assertThat(e).hasMessageStartingWith("cannot build " + Add.class.getName() + " from its arguments: ");
      assertThat(e.getCause()).isNotNull();
    }

    @Test
    void unknownArgumentsAreAnInvalidTask() throws Exception {
      assertThat(refusal(Add.class.getName(), "{\"a\":1,\"b\":2,\"c\":3}"))
        .hasMessageStartingWith("cannot build " + Add.class.getName() + " from its arguments: ")
        .hasMessageContaining("\"c\"");
    }

    @Test
    void argumentsThatAreNotAnObjectAreAnInvalidTask() throws Exception {
      assertThat(refusal(Add.class.getName(), "[1,2]"))
        .hasMessageStartingWith("cannot build " + Add.class.getName() + " from its arguments: ");
    }

    @Test
    void aClassNameInsideTheArgumentsChoosesNothing() throws Exception {
      // default typing is off: a "@class" property is just an unknown property, never a class to build
      assertThat(refusal(Mirror.class.getName(),
        "{\"point\":{\"@class\":\"java.lang.ProcessBuilder\",\"x\":1,\"y\":2}}"))
        .hasMessageStartingWith("cannot build " + Mirror.class.getName() + " from its arguments: ");
    }
  }
}
