package io.phalanx.parallel.services;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A data object crossing the process boundary as a parameter and as a result.
 */
@DataObject
public class Person {

  private String name;
  private int age;
  private long id;

  public Person() {
  }

  public Person(String name, int age, long id) {
    this.name = name;
    this.age = age;
    this.id = id;
  }

  public Person(JsonObject json) {
    this.name = json.getString("name");
    this.age = json.getInteger("age", 0);
    this.id = json.getLong("id", 0L);
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("age", age).put("id", id);
  }

  public String getName() {
    return name;
  }

  public int getAge() {
    return age;
  }

  public long getId() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Person p && p.age == age && p.id == id && Objects.equals(p.name, name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, age, id);
  }

  @Override
  public String toString() {
    return "Person" + toJson().encode();
  }
}
