package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.protocol.RawJson;

/**
 * A task that arrived from another JVM of the cluster: its class name and JSON arguments, never instantiated in the
 * parent. The supervisor checks the class and the arguments' bounds and forwards the arguments to a worker as they are.
 *
 * @param args the arguments as the bytes they arrived in ({@link RawJson}, as {@link TaskMessageCodec} reads them:
 *             checked token by token, never built), or a tree; {@code null} when the message had none
 */
public record EncodedTask(String className, Object args) {

  public EncodedTask {
    if (args != null && !(args instanceof RawJson) && !(args instanceof JsonNode)) {
      throw new IllegalArgumentException("arguments must be RawJson or a JsonNode, were " + args.getClass());
    }
  }

  @Override
  public String toString() {
    return "EncodedTask[" + className + (args instanceof RawJson raw ? ", " + raw.length() + " bytes]" : "]");
  }
}
