package io.phalanx.parallel.services;

import io.vertx.codegen.annotations.VertxGen;

@VertxGen
public enum Mood {
  HAPPY, GRUMPY
}
