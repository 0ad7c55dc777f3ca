package io.phalanx.parallel.worker.services;

import io.vertx.core.Future;

public class EchoServiceImpl implements EchoService {

  @Override
  public Future<String> echo(String text) {
    return Future.succeededFuture(text);
  }

  @Override
  public Future<Long> length(String text) {
    return Future.succeededFuture((long) text.length());
  }
}
