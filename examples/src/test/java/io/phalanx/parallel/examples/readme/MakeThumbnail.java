package io.phalanx.parallel.examples.readme;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A stand-in: the README's thumbnail task, which the snippets of {@code docs/} use without declaring it. */
public record MakeThumbnail(String path, int width, int height) implements Task<Thumbnail> {

  @Override
  public Thumbnail run(TaskScope scope) throws Exception {
    return Images.resize(path, width, height);
  }
}
