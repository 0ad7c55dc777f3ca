package io.phalanx.parallel.tasktypes;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Point;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTypesTest {

  private final TypeFactory types = ProtocolMapper.create().getTypeFactory();

  record Nothing() implements Task<Void> {
    @Override
    public Void run(TaskScope scope) {
      return null;
    }
  }

  record Points(int n) implements Task<List<Point>> {
    @Override
    public List<Point> run(TaskScope scope) {
      return List.of();
    }
  }

  record Counts(String text) implements Task<Map<String, Integer>> {
    @Override
    public Map<String, Integer> run(TaskScope scope) {
      return Map.of();
    }
  }

  abstract static class Base<T> implements Task<T> {
  }

  static final class Bound extends Base<String> {
    @Override
    public String run(TaskScope scope) {
      return "bound";
    }
  }

  abstract static class Middle<X> extends Base<List<X>> {
  }

  static final class BoundTwoLevelsDown extends Middle<Point> {
    @Override
    public List<Point> run(TaskScope scope) {
      return List.of();
    }
  }

  interface PointTask extends Task<Point> {
  }

  record ViaInterface(int x) implements PointTask {
    @Override
    public Point run(TaskScope scope) {
      return new Point(x, x);
    }
  }

  record Echo<T>(T value) implements Task<T> {
    @Override
    public T run(TaskScope scope) {
      return value;
    }
  }

  @Test
  void integerResult() {
    assertThat(TaskTypes.resultType(types, Add.class)).isEqualTo(types.constructType(Integer.class));
  }

  @Test
  void voidResult() {
    assertThat(TaskTypes.resultType(types, Nothing.class).getRawClass()).isEqualTo(Void.class);
  }

  @Test
  void listOfRecordsKeepsItsElementType() {
    JavaType type = TaskTypes.resultType(types, Points.class);

    assertThat(type).isEqualTo(types.constructCollectionType(List.class, Point.class));
    assertThat(type.getContentType().getRawClass()).isEqualTo(Point.class);
  }

  @Test
  void mapKeepsKeyAndValueTypes() {
    JavaType type = TaskTypes.resultType(types, Counts.class);

    assertThat(type).isEqualTo(types.constructMapType(Map.class, String.class, Integer.class));
  }

  @Test
  void aSubclassOfAGenericBaseThatBindsTheResultType() {
    assertThat(TaskTypes.resultType(types, Bound.class)).isEqualTo(types.constructType(String.class));
  }

  @Test
  void aResultTypeBoundTwoLevelsDown() {
    assertThat(TaskTypes.resultType(types, BoundTwoLevelsDown.class))
      .isEqualTo(types.constructCollectionType(List.class, Point.class));
  }

  @Test
  void aResultTypeBoundThroughASubInterface() {
    assertThat(TaskTypes.resultType(types, ViaInterface.class)).isEqualTo(types.constructType(Point.class));
  }

  @Test
  void aGenericTaskLeavingTheResultOpenGivesObject() {
    assertThat(TaskTypes.resultType(types, Echo.class)).isEqualTo(types.constructType(Object.class));
  }

  @Test
  void aClassThatIsNoTaskGivesObject() {
    assertThat(TaskTypes.resultType(types, String.class)).isEqualTo(types.constructType(Object.class));
  }
}
