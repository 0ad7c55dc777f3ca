package io.phalanx.parallel.services;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

public class GreetingServiceImpl implements GreetingService {

  private final Vertx vertx;
  private final List<Promise<Integer>> gathering = new ArrayList<>();
  private final List<Integer> gatheringNumbers = new ArrayList<>();
  private int arrivals;

  public GreetingServiceImpl(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<String> greet(String name) {
    return Future.succeededFuture("hello " + name);
  }

  @Override
  public Future<Integer> gathered(int number, int expected) {
    Promise<Integer> promise = Promise.promise();
    gathering.add(promise);
    gatheringNumbers.add(number);
    if (gathering.size() == expected) {
      for (int i = 0; i < gathering.size(); i++) {
        gathering.get(i).complete(gatheringNumbers.get(i));
      }
      gathering.clear();
      gatheringNumbers.clear();
    }
    return promise.future();
  }

  @Override
  public Future<Integer> arrival(JsonArray ballast) {
    return Future.succeededFuture(arrivals++);
  }

  @Override
  public Future<Long> twice(long number) {
    return Future.succeededFuture(number * 2);
  }

  @Override
  public Future<Person> birthday(Person person) {
    return Future.succeededFuture(new Person(person.getName(), person.getAge() + 1, person.getId()));
  }

  @Override
  public Future<JsonArray> reverse(JsonArray items) {
    List<Object> list = new ArrayList<>(items.getList());
    Collections.reverse(list);
    return Future.succeededFuture(new JsonArray(list));
  }

  @Override
  public Future<JsonObject> inspect(JsonObject value) {
    JsonObject classes = new JsonObject();
    for (String key : value.fieldNames()) {
      Object v = value.getValue(key);
      classes.put(key, v == null ? "null" : v.getClass().getName());
    }
    return Future.succeededFuture(new JsonObject().put("value", value).put("classes", classes));
  }

  @Override
  public Future<List<Long>> squares(int count) {
    List<Long> squares = new ArrayList<>();
    for (long i = 1; i <= count; i++) {
      squares.add(i * i);
    }
    return Future.succeededFuture(squares);
  }

  @Override
  public Future<Set<String>> distinct(List<String> words) {
    return Future.succeededFuture(new LinkedHashSet<>(words));
  }

  @Override
  public Future<Map<String, Long>> lengths(List<String> words) {
    Map<String, Long> lengths = new LinkedHashMap<>();
    for (String word : words) {
      lengths.put(word, (long) word.length());
    }
    return Future.succeededFuture(lengths);
  }

  @Override
  public Future<String> classesOf(List<Long> numbers) {
    List<Object> elements = new ArrayList<>(numbers);
    return Future.succeededFuture(elements.stream().map(e -> e.getClass().getName()).collect(Collectors.joining(",")));
  }

  @Override
  public Future<Mood> mood(String name) {
    return Future.succeededFuture(name.startsWith("g") ? Mood.GRUMPY : Mood.HAPPY);
  }

  @Override
  public Future<String> nothing() {
    return Future.succeededFuture(null);
  }

  @Override
  public Future<Float> half(float number) {
    return Future.succeededFuture(number / 2);
  }

  @Override
  public Future<Double> third(double number) {
    return Future.succeededFuture(number / 3);
  }

  @Override
  public Future<Short> shortOf(int number) {
    return Future.succeededFuture((short) number);
  }

  @Override
  public Future<Byte> byteOf(int number) {
    return Future.succeededFuture((byte) number);
  }

  @Override
  public Future<Character> initial(String name) {
    return Future.succeededFuture(name.charAt(0));
  }

  @Override
  public Future<Boolean> isEmpty(String text) {
    return Future.succeededFuture(text.isEmpty());
  }

  @Override
  public Future<Void> fail(int code, String message) {
    return ServiceException.fail(code, message);
  }

  @Override
  public Future<String> crash(String message) {
    return Future.failedFuture(new IllegalStateException(message));
  }

  @Override
  public Future<String> slow(long millis) {
    Promise<String> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete("slept " + millis));
    return promise.future();
  }

  @Override
  public Future<String> block(long millis) {
    BLOCKING.set(true);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      BLOCKING.set(false);
    }
    return Future.succeededFuture("blocked " + millis + " on " + Thread.currentThread().getName());
  }

  /** The calls of echoLater received so far, for the tests that wait until every call has arrived. */
  public static final java.util.concurrent.atomic.AtomicInteger ECHO_LATER_CALLS =
    new java.util.concurrent.atomic.AtomicInteger();
  /** The calls of echoLater answered so far. */
  public static final java.util.concurrent.atomic.AtomicInteger ECHO_LATER_ANSWERS =
    new java.util.concurrent.atomic.AtomicInteger();
  /** Set while a call of block() blocks its thread. */
  public static final java.util.concurrent.atomic.AtomicBoolean BLOCKING =
    new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public Future<String> echoLater(String text, long millis) {
    ECHO_LATER_CALLS.incrementAndGet();
    Promise<String> promise = Promise.promise();
    vertx.setTimer(millis, id -> {
      promise.complete(text);
      ECHO_LATER_ANSWERS.incrementAndGet();
    });
    return promise.future();
  }

  @Override
  public Future<Long> pid() {
    return Future.succeededFuture(ProcessHandle.current().pid());
  }
}
