package io.phalanx.parallel.impl.channel;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a log stream into lines in bounded memory: a line longer than {@link #MAX_LINE_BYTES} is cut there, the rest
 * of it skipped up to its end, so that 10 MiB written without a newline cost 8 KiB. A last line without a newline
 * counts once the stream ends: it is often the reason a JVM died.
 */
final class LogLines implements Handler<Buffer> {

  static final int MAX_LINE_BYTES = 8 * 1024;

  private final Handler<String> lines;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long skipped;

  LogLines(Handler<String> lines) {
    this.lines = lines;
  }

  @Override
  public void handle(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i);
        emit();
        start = i + 1;
      }
    }
    append(bytes, start, bytes.length);
  }

  /** The stream ended: a last line without its newline is passed on too. */
  void end() {
    if (line.size() > 0 || skipped > 0) {
      emit();
    }
  }

  private void append(byte[] bytes, int from, int to) {
    int room = MAX_LINE_BYTES - line.size();
    int take = Math.min(room, to - from);
    line.write(bytes, from, take);
    skipped += (to - from) - take;
  }

  private void emit() {
    int end = line.size();
    byte[] bytes = line.toByteArray();
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    if (skipped > 0) {
      text += " [... " + skipped + " more bytes of this line dropped]";
    }
    line.reset();
    skipped = 0;
    lines.handle(text);
  }
}
