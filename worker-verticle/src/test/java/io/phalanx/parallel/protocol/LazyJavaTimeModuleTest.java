package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleKeyDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol's java.time handling, set up on first use, against Jackson's JavaTimeModule set up at once. */
class LazyJavaTimeModuleTest {

  private static final ObjectMapper LAZY = ProtocolMapper.create();
  private static final ObjectMapper EAGER = ProtocolMapper.create(FrameCodec.DEFAULT_MAX_FRAME_BYTES,
    new JavaTimeModule());

  record Everything(Instant instant, LocalDate date, LocalDateTime dateTime, LocalTime time,
                    OffsetDateTime offsetDateTime, OffsetTime offsetTime, ZonedDateTime zoned, Duration duration,
                    Period period, Year year, YearMonth yearMonth, MonthDay monthDay, ZoneId zone, ZoneOffset offset,
                    Month month, DayOfWeek weekday, Optional<LocalDate> maybe, List<Instant> instants,
                    Instant[] instantArray, Map<LocalDate, String> byDate, Map<ZonedDateTime, Integer> byZoned,
                    Map<Instant, Boolean> byInstant, Map<ZoneId, Duration> byZone) {
  }

  private static Everything everything() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    Instant instant = Instant.parse("2026-12-07T01:02:03.456789Z");
    ZonedDateTime zoned = ZonedDateTime.of(2026, 12, 7, 9, 30, 0, 0, paris);
    return new Everything(instant, LocalDate.of(2026, 12, 7), LocalDateTime.of(2026, 12, 7, 1, 2, 3),
      LocalTime.of(23, 59, 58, 1000), OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(-5)),
      OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30)), zoned, Duration.ofMillis(123_456_789),
      Period.of(1, 2, 3), Year.of(2026), YearMonth.of(2026, 12), MonthDay.of(2, 29), paris, ZoneOffset.UTC,
      Month.DECEMBER, DayOfWeek.MONDAY, Optional.of(LocalDate.of(2000, 1, 1)), List.of(instant, Instant.EPOCH),
      new Instant[] {Instant.EPOCH}, new TreeMap<>(Map.of(LocalDate.of(2026, 1, 1), "new year")),
      Map.of(zoned, 1), Map.of(instant, true), Map.of(paris, Duration.ofHours(1)));
  }

  @Test
  void writesEveryTypeAsTheModuleDoes() throws Exception {
    Everything value = everything();

    assertThat(LAZY.writeValueAsString(value)).isEqualTo(EAGER.writeValueAsString(value));
    assertThat(LAZY.writeValueAsString(Map.of("key", value.zoned()))).contains("2026-12-07T09:30:00+01:00");
  }

  @Test
  void readsEveryTypeAsTheModuleDoes() throws Exception {
    String json = EAGER.writeValueAsString(everything());

    Everything lazy = LAZY.readValue(json, Everything.class);
    Everything eager = EAGER.readValue(json, Everything.class);

    assertThat(lazy).usingRecursiveComparison().isEqualTo(eager);
    assertThat(lazy.instantArray()).containsExactly(Instant.EPOCH);
    assertThat(LAZY.readValue("\"Europe/Paris\"", ZoneId.class)).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(LAZY.readValue("[2026,12,7]", LocalDate.class)).as("the array form").isEqualTo(LocalDate.of(2026, 12, 7));
    assertThat(LAZY.<Map<Month, Integer>>readValue("{\"MARCH\":3}", new TypeReference<>() { }))
      .containsEntry(Month.MARCH, 3);
  }

  @Test
  void rejectsWhatTheModuleRejects() {
    assertThatThrownBy(() -> EAGER.readValue("\"not a date\"", LocalDate.class))
      .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
    assertThatThrownBy(() -> LAZY.readValue("\"not a date\"", LocalDate.class))
      .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
  }

  @Test
  void otherTypesAreLeftToTheRestOfTheMapper() throws Exception {
    record Plain(String name, java.util.Date legacy, List<Integer> numbers) {
    }
    Plain plain = new Plain("x", new java.util.Date(0), List.of(1, 2));

    assertThat(LAZY.writeValueAsString(plain)).isEqualTo(EAGER.writeValueAsString(plain));
    assertThat(LazyJavaTimeModule.isJavaTime(java.util.Date.class)).isFalse();
    assertThat(LazyJavaTimeModule.isJavaTime(Instant.class)).isTrue();
    assertThat(LazyJavaTimeModule.isJavaTime(ZoneId.of("Europe/Paris").getClass())).as("ZoneRegion").isTrue();
  }

  /**
   * In a class loader of its own, where nothing set the module up before: records, enums, collections, optionals and
   * a legacy date through the protocol's mapper, both ways, never set it up (its set-up loads Jackson's
   * {@code JavaTimeModule}); the first {@code java.time} value does.
   */
  @Test
  void setsTheModuleUpOnlyForAJavaTimeValue() throws Exception {
    try (FreshLoader fresh = new FreshLoader()) {
      Class<?> probe = fresh.loadClass(NoDates.class.getName());

      probe.getMethod("roundTripWithoutDates").invoke(null);
      assertThat(fresh.loaded(JavaTimeModule.class)).as("set up without a java.time value").isFalse();

      probe.getMethod("writeADate").invoke(null);
      assertThat(fresh.loaded(JavaTimeModule.class)).as("set up for a LocalDate").isTrue();
    }
  }

  /** Runs in {@link FreshLoader}: every class it touches is loaded again there. */
  public static final class NoDates {

    public enum Kind { ONE, TWO }

    public record Task(String name, int count, double ratio, Kind kind, List<Long> values, Map<Kind, Boolean> flags,
                       Optional<String> maybe, java.util.Date legacy, Nested nested) {
    }

    public record Nested(long[] numbers, Map<String, List<Integer>> byName) {
    }

    private NoDates() {
    }

    public static void roundTripWithoutDates() throws Exception {
      ObjectMapper mapper = ProtocolMapper.create();
      Task task = new Task("t", 3, 0.5, Kind.TWO, List.of(1L), Map.of(Kind.ONE, true), Optional.of("x"),
        new java.util.Date(0), new Nested(new long[] {1, 2}, Map.of("a", List.of(1))));
      Task back = mapper.readValue(mapper.writeValueAsBytes(task), Task.class);
      if (!back.name().equals("t") || back.kind() != Kind.TWO || !back.flags().get(Kind.ONE)) {
        throw new AssertionError("round trip changed the task: " + back);
      }
      mapper.readValue("{\"ONE\":1}", new TypeReference<Map<Kind, Integer>>() { });
    }

    public static void writeADate() throws Exception {
      String written = ProtocolMapper.create().writeValueAsString(LocalDate.of(2026, 12, 7));
      if (!written.equals("\"2026-12-07\"")) {
        throw new AssertionError(written);
      }
    }
  }

  /** The test's class path and module path, with nothing above but the JDK's platform classes. */
  private static final class FreshLoader extends java.net.URLClassLoader {

    FreshLoader() {
      super(classPath(), ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(Class<?> type) {
      return findLoadedClass(type.getName()) != null;
    }

    private static java.net.URL[] classPath() {
      return java.util.stream.Stream.of("jdk.module.path", "java.class.path")
        .map(System::getProperty)
        .filter(java.util.Objects::nonNull)
        .flatMap(path -> Arrays.stream(path.split(java.io.File.pathSeparator)))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> {
          try {
            return java.nio.file.Path.of(entry).toUri().toURL();
          } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
          }
        })
        .toArray(java.net.URL[]::new);
    }
  }

  /**
   * What the lazy module passes on is what this Jackson's JavaTimeModule registers: a later Jackson that registers
   * another kind, or modifiers that change more than enums, fails here rather than in a task.
   */
  @Test
  void passesOnEverythingTheModuleRegisters() {
    LazyJavaTimeModule.Registered registered = new LazyJavaTimeModule.Registered(new JavaTimeModule());

    assertThat(registered.serializers).singleElement().isInstanceOf(SimpleSerializers.class);
    assertThat(registered.keySerializers).singleElement().isInstanceOf(SimpleSerializers.class);
    assertThat(registered.deserializers).singleElement().isInstanceOf(SimpleDeserializers.class);
    assertThat(registered.keyDeserializers).singleElement().isInstanceOf(SimpleKeyDeserializers.class);
    assertThat(registered.valueInstantiators).hasSize(1);
    assertThat(registered.serializerModifiers).singleElement()
      .satisfies(modifier -> assertThat(overrides(modifier.getClass())).containsOnly("modifyEnumSerializer"));
    assertThat(registered.deserializerModifiers).singleElement()
      .satisfies(modifier -> assertThat(overrides(modifier.getClass())).containsOnly("modifyEnumDeserializer"));
  }

  @Test
  void anotherKindOfRegistrationFailsLoudly() {
    Module registersAMixIn = new SimpleModule("with-mix-in").setMixInAnnotation(Instant.class, Object.class);

    assertThatThrownBy(() -> new LazyJavaTimeModule.Registered(registersAMixIn))
      .isInstanceOf(UnsupportedOperationException.class)
      .hasMessageContaining("with-mix-in's set-up called SetupContext.setMixInAnnotations");
  }

  private static List<String> overrides(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
      .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge())
      .map(Method::getName).distinct().toList();
  }
}
