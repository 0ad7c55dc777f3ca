package io.phalanx.parallel.protocol;

/**
 * Child to parent: a progress update of a running task.
 *
 * @param id      the id of the {@link TaskFrame}
 * @param payload when writing, the update object; when read, a Jackson {@code JsonNode}, or {@link RawJson} from
 *                {@link FrameCodec#decodeWithRawValues}
 */
public record ProgressFrame(long id, Object payload) implements Frame {

  public static final String TYPE = "progress";

  @Override
  public String type() {
    return TYPE;
  }
}
