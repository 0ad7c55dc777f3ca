package io.phalanx.parallel.impl.codec;

import io.phalanx.parallel.protocol.RawJson;

/**
 * A task checked and encoded by its caller, on the caller's thread ({@link TaskEncoder#prepare}): the pool's event
 * loop only puts an id in front of its bytes. Accepted only by the encoder that made it, which no request body holds.
 *
 * @param className the task's class
 * @param args      the task as the JSON object a frame carries
 * @param encoder   the encoder that checked it
 */
public record PreparedTask(String className, RawJson args, TaskEncoder encoder) {

  @Override
  public String toString() {
    return "PreparedTask[" + className + ", " + args.length() + " bytes]";
  }
}
