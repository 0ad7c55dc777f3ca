package io.phalanx.parallel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the start of a frame says, read without decoding the rest: the type, the id and, for a {@code service_call},
 * the address, as {@link FrameCodec#encode} writes them (<code>&#123;"type":"service_call","id":7,"address":"greeting",...</code>).
 * A reader checks these (the frame type, an allowlist) before it decodes any payload, and knows which task or call a
 * payload belongs to when that payload breaks a limit.
 *
 * @param type    the frame type
 * @param id      the id, or -1 when the frame does not start with one
 * @param address a service call's address, or {@code null}
 */
public record FramePrefix(String type, long id, String address) {

  private static final byte[] TYPE_START = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID_FIELD = ",\"id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ADDRESS_FIELD = ",\"address\":\"".getBytes(StandardCharsets.US_ASCII);
  /** No frame type or address the protocol writes without escapes is longer; a longer one is left to the decoder. */
  private static final int MAX_NAME_BYTES = 1024;
  /**
   * The protocol's frame types, as the strings a known type is read as: a frame of the hot path is read without a new
   * string for its type, whose hash the reader's allowlist then computes again (about 7 % of the supervisor's event
   * loop in a profile of the no-op benchmark went to the prefix's strings).
   */
  private static final String[] KNOWN_TYPES = {TaskResponseFrame.TYPE, TaskFrame.TYPE, ProgressFrame.TYPE,
    HeartbeatFrame.TYPE, ServiceCallFrame.TYPE, ServiceResponseFrame.TYPE, ReadyFrame.TYPE, CancelFrame.TYPE,
    ShutdownFrame.TYPE, StackRequestFrame.TYPE, TaskStackFrame.TYPE};
  private static final byte[][] KNOWN_TYPE_BYTES = new byte[KNOWN_TYPES.length][];

  static {
    for (int i = 0; i < KNOWN_TYPES.length; i++) {
      KNOWN_TYPE_BYTES[i] = KNOWN_TYPES[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  /**
   * @return the prefix, or {@code null} when the line does not start the way the encoder writes a frame (the full
   * decoder then reads it, or refuses it)
   */
  public static FramePrefix of(byte[] line, int offset, int length) {
    int end = offset + length;
    if (length < TYPE_START.length || !startsWith(line, offset, end, TYPE_START)) {
      return null;
    }
    int typeStart = offset + TYPE_START.length;
    int typeEnd = plainStringEnd(line, typeStart, end);
    if (typeEnd < 0) {
      return null;
    }
    String type = type(line, typeStart, typeEnd);
    int at = typeEnd + 1;
    if (!startsWith(line, at, end, ID_FIELD)) {
      return new FramePrefix(type, -1, null);
    }
    int idStart = at + ID_FIELD.length;
    int idEnd = idStart;
    while (idEnd < end && idEnd - idStart <= 18 && line[idEnd] >= '0' && line[idEnd] <= '9') {
      idEnd++;
    }
    if (idEnd == idStart || idEnd - idStart > 18) {
      return new FramePrefix(type, -1, null);
    }
    // at most 18 digits: no overflow
    long id = 0;
    for (int i = idStart; i < idEnd; i++) {
      id = id * 10 + (line[i] - '0');
    }
    if (!ServiceCallFrame.TYPE.equals(type) || !startsWith(line, idEnd, end, ADDRESS_FIELD)) {
      return new FramePrefix(type, id, null);
    }
    int addressStart = idEnd + ADDRESS_FIELD.length;
    int addressEnd = plainStringEnd(line, addressStart, end);
    String address = addressEnd < 0 ? null
      : new String(line, addressStart, addressEnd - addressStart, StandardCharsets.UTF_8);
    return new FramePrefix(type, id, address);
  }

  public static FramePrefix of(byte[] line) {
    return of(line, 0, line.length);
  }

  private static String type(byte[] line, int from, int to) {
    for (int i = 0; i < KNOWN_TYPE_BYTES.length; i++) {
      byte[] known = KNOWN_TYPE_BYTES[i];
      if (Arrays.equals(line, from, to, known, 0, known.length)) {
        return KNOWN_TYPES[i];
      }
    }
    return new String(line, from, to - from, StandardCharsets.US_ASCII);
  }

  /** The closing quote of a string without escapes, or -1. */
  private static int plainStringEnd(byte[] line, int from, int end) {
    int limit = Math.min(end, from + MAX_NAME_BYTES);
    for (int i = from; i < limit; i++) {
      if (line[i] == '"') {
        return i;
      }
      if (line[i] == '\\' || (line[i] >= 0 && line[i] < 0x20)) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] line, int at, int end, byte[] expected) {
    return end - at >= expected.length && Arrays.equals(line, at, at + expected.length, expected, 0, expected.length);
  }
}
