package io.phalanx.parallel.services;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends five calls at once, the second and the fourth carrying {@code items} strings (large enough for the parent to
 * decode them off its event loop), then reverses such a list in the parent. Returns the order in which the five
 * calls reached the service, then the reversed list's size and its first item.
 */
public record LargeCalls(int items) implements Task<List<Object>> {

  @Override
  public List<Object> run(TaskScope scope) {
    GreetingService service = scope.service(GreetingService.class);
    JsonArray large = new JsonArray();
    for (int i = 0; i < items; i++) {
      large.add("item-" + i);
    }
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(service.arrival(i % 2 == 1 ? large : new JsonArray().add(i)));
    }
    scope.await(Future.all(calls));
    List<Object> report = new ArrayList<>();
    calls.forEach(call -> report.add(call.result()));
    JsonArray reversed = scope.await(service.reverse(large));
    report.add(reversed.size());
    report.add(reversed.getValue(0));
    return report;
  }
}
