package io.phalanx.parallel.services;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parent service: its implementation lives in the test JVM, the workers reach it through the generated proxy.
 */
@ProxyGen
@VertxGen
public interface GreetingService {

  String ADDRESS = "test.services.greeting";

  Future<String> greet(String name);

  /** Answers once {@code expected} calls are waiting at the same time: it only answers calls that are all in flight. */
  Future<Integer> gathered(int number, int expected);

  Future<Long> twice(long number);

  /** How many calls of this method reached the service before this one; {@code ballast} is only carried. */
  Future<Integer> arrival(JsonArray ballast);

  Future<Person> birthday(Person person);

  Future<JsonArray> reverse(JsonArray items);

  Future<JsonObject> inspect(JsonObject value);

  Future<List<Long>> squares(int count);

  Future<Set<String>> distinct(List<String> words);

  Future<Map<String, Long>> lengths(List<String> words);

  /** The Java classes of the elements of {@code numbers} as the parent sees them. */
  Future<String> classesOf(List<Long> numbers);

  Future<Mood> mood(String name);

  Future<String> nothing();

  Future<Float> half(float number);

  Future<Double> third(double number);

  Future<Short> shortOf(int number);

  Future<Byte> byteOf(int number);

  Future<Character> initial(String name);

  Future<Boolean> isEmpty(String text);

  Future<Void> fail(int code, String message);

  /** Fails with a plain exception, not a ServiceException. */
  Future<String> crash(String message);

  Future<String> slow(long millis);

  /** Blocks its thread for {@code millis}, as a JDBC call would. */
  Future<String> block(long millis);

  /** Answers {@code text} after {@code millis}, without blocking. */
  Future<String> echoLater(String text, long millis);

  /** The pid of the process the implementation lives in. */
  Future<Long> pid();
}
