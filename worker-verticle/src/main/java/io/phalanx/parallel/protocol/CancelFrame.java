package io.phalanx.parallel.protocol;

/**
 * Parent to child: the caller cancelled a task. A task still waiting in the child is dropped; a running one sees
 * {@code TaskScope.isCancelled()} turn true.
 *
 * @param id the id of the {@link TaskFrame}
 */
public record CancelFrame(long id) implements Frame {

  public static final String TYPE = "cancel";

  @Override
  public String type() {
    return TYPE;
  }
}
