package io.phalanx.parallel.tasktypes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleSerializers;

import java.io.IOException;

/**
 * Refuses to write values that cannot cross a process boundary. Jackson on its own writes a lambda or an anonymous
 * class as {@code {}}, so a closure hidden behind a field of type {@code Object} would arrive as an empty map; with
 * this module it fails instead, and Jackson's reference chain in the message names the field.
 * <p>
 * The check runs once per class, when Jackson builds its serializer, not per value.
 */
public final class ProcessBoundaryModule extends SimpleModule {

  public ProcessBoundaryModule() {
    super("phalanx-process-boundary");
    setSerializers(new SimpleSerializers() {
      @Override
      public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
        String problem = TaskClassInspector.valueProblem(type.getRawClass());
        return problem == null ? super.findSerializer(config, type, beanDesc) : new RefusingSerializer(problem);
      }
    });
  }

  private static final class RefusingSerializer extends JsonSerializer<Object> {
    private final String problem;

    RefusingSerializer(String problem) {
      this.problem = problem;
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      throw JsonMappingException.from(gen, problem);
    }
  }
}
