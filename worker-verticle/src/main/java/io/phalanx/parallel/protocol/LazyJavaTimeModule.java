package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.KeyDeserializers;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.ValueInstantiators;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Jackson's {@link JavaTimeModule}, set up when a mapper first meets a {@code java.time} class rather than when the
 * mapper is built. Its set-up builds the serializers and deserializers of every {@code java.time} type and the
 * formatters they hold: 35–45 ms of a fresh JVM without a class-data archive, and 0.8 MiB of an idle worker that never
 * sees a date (the classes it loads, the objects it keeps).
 * <p>
 * A {@code java.time} value gets exactly the module's handling: every question Jackson asks about a {@code java.time}
 * class (its serializer, deserializer, key serializer and deserializer, enum modifiers, value instantiator) goes to
 * what the module's own set-up registered, in the order Jackson would ask them; every other class is left to the
 * rest of the mapper, as the module leaves it.
 */
final class LazyJavaTimeModule extends Module {

  @Override
  public String getModuleName() {
    return "phalanx-lazy-java-time";
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public void setupModule(SetupContext context) {
    context.addSerializers(new LazySerializers(false));
    context.addKeySerializers(new LazySerializers(true));
    context.addDeserializers(new LazyDeserializers());
    context.addKeyDeserializers((type, config, beanDesc) -> first(type.getRawClass(),
      r -> r.keyDeserializers, registered -> registered.findKeyDeserializer(type, config, beanDesc)));
    context.addBeanSerializerModifier(new BeanSerializerModifier() {
      @Override
      public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
                                                    BeanDescription beanDesc, JsonSerializer<?> serializer) {
        return LazyJavaTimeModule.<BeanSerializerModifier, JsonSerializer<?>>inTurn(valueType.getRawClass(),
          r -> r.serializerModifiers, serializer,
          (modifier, current) -> modifier.modifyEnumSerializer(config, valueType, beanDesc, current));
      }
    });
    context.addBeanDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                        BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
        return LazyJavaTimeModule.<BeanDeserializerModifier, JsonDeserializer<?>>inTurn(type.getRawClass(),
          r -> r.deserializerModifiers, deserializer,
          (modifier, current) -> modifier.modifyEnumDeserializer(config, type, beanDesc, current));
      }
    });
    context.addValueInstantiators(new ValueInstantiators.Base() {
      @Override
      public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription beanDesc,
                                                     ValueInstantiator defaultInstantiator) {
        return inTurn(beanDesc.getBeanClass(), r -> r.valueInstantiators, defaultInstantiator,
          (instantiators, current) -> instantiators.findValueInstantiator(config, beanDesc, current));
      }
    });
  }

  /** One question to one registered lookup. */
  @FunctionalInterface
  private interface Lookup<T, R, E extends Exception> {
    R find(T registered) throws E;
  }

  /**
   * @param registered which of the module's registrations to ask: reached only for a {@code java.time} class, since
   *                   reaching {@link Registered#INSTANCE} sets the module up
   * @return for a {@code java.time} class, the first answer of the registered lookups asked in turn; otherwise, and
   *     when none answers, {@code null}
   */
  private static <T, R, E extends Exception> R first(Class<?> type, Function<Registered, List<T>> registered,
                                                     Lookup<T, R, E> lookup) throws E {
    if (isJavaTime(type)) {
      for (T each : registered.apply(Registered.INSTANCE)) {
        R found = lookup.find(each);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * @return for a {@code java.time} class, {@code initial} as each registered modifier in turn changes it; otherwise
   *     {@code initial}
   */
  private static <T, R> R inTurn(Class<?> type, Function<Registered, List<T>> registered, R initial,
                                 BiFunction<T, R, R> modify) {
    R result = initial;
    if (isJavaTime(type)) {
      for (T each : registered.apply(Registered.INSTANCE)) {
        result = modify.apply(each, result);
      }
    }
    return result;
  }

  /** A class of the JDK's {@code java.time} packages: the only classes the module registers anything for. */
  static boolean isJavaTime(Class<?> type) {
    return type != null && type.getName().startsWith("java.time.");
  }

  /**
   * What {@link JavaTimeModule#setupModule} registers, captured once, on the first question about a
   * {@code java.time} class (the holder's class initialization makes that once and thread-safe). Each list is in the
   * order Jackson asks, as a mapper keeps them: the module's last registration first.
   */
  static final class Registered {

    /** The kinds of registration passed on; a module that makes any other fails its set-up here, loudly. */
    static final List<String> PASSED_ON = List.of("addSerializers", "addKeySerializers", "addDeserializers",
      "addKeyDeserializers", "addBeanSerializerModifier", "addBeanDeserializerModifier", "addValueInstantiators");

    static final Registered INSTANCE = new Registered(new JavaTimeModule());

    final List<Serializers> serializers = new ArrayList<>();
    final List<Serializers> keySerializers = new ArrayList<>();
    final List<Deserializers> deserializers = new ArrayList<>();
    final List<KeyDeserializers> keyDeserializers = new ArrayList<>();
    final List<BeanSerializerModifier> serializerModifiers = new ArrayList<>();
    final List<BeanDeserializerModifier> deserializerModifiers = new ArrayList<>();
    final List<ValueInstantiators> valueInstantiators = new ArrayList<>();

    Registered(Module module) {
      SetupContext capture = (SetupContext) Proxy.newProxyInstance(SetupContext.class.getClassLoader(),
        new Class<?>[] {SetupContext.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "addSerializers" -> serializers.add(0, (Serializers) args[0]);
            case "addKeySerializers" -> keySerializers.add(0, (Serializers) args[0]);
            case "addDeserializers" -> deserializers.add(0, (Deserializers) args[0]);
            case "addKeyDeserializers" -> keyDeserializers.add(0, (KeyDeserializers) args[0]);
            case "addBeanSerializerModifier" -> serializerModifiers.add(0, (BeanSerializerModifier) args[0]);
            case "addBeanDeserializerModifier" -> deserializerModifiers.add(0, (BeanDeserializerModifier) args[0]);
            case "addValueInstantiators" -> valueInstantiators.add(0, (ValueInstantiators) args[0]);
            default -> throw new UnsupportedOperationException(module.getModuleName() + "'s set-up called "
              + "SetupContext." + method.getName() + ", which " + LazyJavaTimeModule.class.getSimpleName()
              + " does not pass on");
          }
          return null;
        });
      module.setupModule(capture);
    }
  }

  /** The module's serializers (or key serializers), asked about {@code java.time} classes only. */
  private static final class LazySerializers extends Serializers.Base {
    private final boolean keys;

    LazySerializers(boolean keys) {
      this.keys = keys;
    }

    @Override
    public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
      return first(type.getRawClass(), keys ? r -> r.keySerializers : r -> r.serializers,
        registered -> registered.findSerializer(config, type, beanDesc));
    }
  }

  /** The module's deserializers, asked about {@code java.time} classes only. */
  private static final class LazyDeserializers extends Deserializers.Base {

    @Override
    public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                    BeanDescription beanDesc) throws JsonMappingException {
      return first(type.getRawClass(), r -> r.deserializers,
        registered -> registered.findBeanDeserializer(type, config, beanDesc));
    }

    @Override
    public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                                                    BeanDescription beanDesc) throws JsonMappingException {
      return first(type, r -> r.deserializers,
        registered -> registered.findEnumDeserializer(type, config, beanDesc));
    }

    @Override
    public boolean hasDeserializerFor(DeserializationConfig config, Class<?> valueType) {
      return isJavaTime(valueType)
        && Registered.INSTANCE.deserializers.stream().anyMatch(d -> d.hasDeserializerFor(config, valueType));
    }
  }
}
