package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Calls every typed method of {@link GreetingService} and reports, for each, the Java class and value the worker got.
 */
public record RoundTrips() implements Task<Map<String, String>> {

  @Override
  public Map<String, String> run(TaskScope scope) {
    GreetingService service = scope.service(GreetingService.class);
    Map<String, String> report = new LinkedHashMap<>();

    Long twice = scope.await(service.twice(21L));
    report.put("twice", describe(twice));

    Person person = scope.await(service.birthday(new Person("Ada", 36, 1L << 40)));
    report.put("birthday", describe(person));

    JsonArray reversed = scope.await(service.reverse(new JsonArray().add(1).add(2L).add("three")
      .add(new JsonObject().put("four", 4.5f)).addNull()));
    report.put("reverse", reversed.getClass().getName() + " " + reversed.encode());
    List<String> elementClasses = new ArrayList<>();
    for (int i = 0; i < reversed.size(); i++) {
      Object element = reversed.getValue(i);
      elementClasses.add(element == null ? "null" : element.getClass().getSimpleName());
    }
    report.put("reverseElements", String.join(",", elementClasses));
    report.put("reverseNestedFloat", describe(reversed.getJsonObject(1).getValue("four")));

    JsonObject inspected = scope.await(service.inspect(new JsonObject().put("long", 7L).put("int", 7)
      .put("float", 1.5f).put("text", "t")));
    report.put("inspectParentClasses", inspected.getJsonObject("classes").encode());
    report.put("inspectBackLong", describe(inspected.getJsonObject("value").getValue("long")));

    List<Long> squares = scope.await(service.squares(3));
    List<String> squareClasses = new ArrayList<>();
    long sum = 0;
    for (Long square : squares) {
      squareClasses.add(square.getClass().getSimpleName());
      sum += square;
    }
    report.put("squares", squares.getClass().getSimpleName() + " " + squareClasses + " sum " + sum);

    Set<String> distinct = scope.await(service.distinct(List.of("b", "a", "b", "c", "a")));
    report.put("distinct", (distinct instanceof Set ? "Set" : distinct.getClass().getName()) + " "
      + new TreeSet<>(distinct));

    Map<String, Long> lengths = scope.await(service.lengths(List.of("a", "bb")));
    report.put("lengths", lengths.get("bb").getClass().getName() + " " + new java.util.TreeMap<>(lengths));

    report.put("classesOf", scope.await(service.classesOf(List.of(1L, 2L, 3L))));
    report.put("mood", describe(scope.await(service.mood("grumpy"))));
    report.put("nothing", String.valueOf(scope.await(service.nothing())));
    report.put("half", describe(scope.await(service.half(5f))));
    report.put("third", describe(scope.await(service.third(1.5))));
    report.put("shortOf", describe(scope.await(service.shortOf(300))));
    report.put("byteOf", describe(scope.await(service.byteOf(-7))));
    report.put("initial", describe(scope.await(service.initial("worker"))));
    report.put("isEmpty", describe(scope.await(service.isEmpty(""))));
    report.put("pid", describe(scope.await(service.pid())));
    return report;
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName() + " " + value;
  }
}
