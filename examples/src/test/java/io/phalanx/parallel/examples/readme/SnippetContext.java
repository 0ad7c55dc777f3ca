package io.phalanx.parallel.examples.readme;

import io.phalanx.parallel.Parallel;
import io.vertx.core.Vertx;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.Router;

import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the snippets of the README and of {@code docs/} take as given: the names a reader's own application supplies.
 * Each snippet's statements run in a subclass (they are only compiled, never run). The types a snippet leaves to the
 * reader are the stand-ins of this package ({@link Thumbnail}, {@link Images}, {@link BuildReport}, ...).
 */
public abstract class SnippetContext {

  protected Vertx vertx;
  protected Router router;
  protected Parallel parallel;
  protected List<String> paths;
  protected WriteStream<Thumbnail> writeStream;
  protected YearMonth month;
  protected AtomicInteger bar;
  protected String secret;
  protected String host;
  /** Inside a task. */
  protected io.phalanx.parallel.task.TaskScope scope;
  protected String jdbcUrl;
  protected io.opentelemetry.api.OpenTelemetry openTelemetry;

  /** Whatever the application does with a result. */
  protected void show(Object result) {
  }
}
