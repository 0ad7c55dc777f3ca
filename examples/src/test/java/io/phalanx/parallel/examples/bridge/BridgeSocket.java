package io.phalanx.parallel.examples.bridge;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the TCP bridge's wire protocol for the tests, written from its documentation: each frame is a 4-byte
 * big-endian length, then that many bytes of a JSON object.
 */
final class BridgeSocket {

  /**
   * Held for as long as the socket: Vert.x 5 closes a client, and every connection it made, once the client object is
   * garbage collected (CleanableNetClient), and a dropped reference made the first test of a fresh JVM fail with
   * "Connection was closed".
   */
  private final NetClient client;
  private final NetSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  private BridgeSocket(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    RecordParser parser = RecordParser.newFixed(4);
    parser.handler(new Handler<>() {
      /** Whether the parser is reading a frame's JSON (or else its length). */
      private boolean json;

      @Override
      public void handle(Buffer chunk) {
        if (json) {
          frames.add(chunk.toJsonObject());
          parser.fixedSizeMode(4);
        } else {
          parser.fixedSizeMode(chunk.getInt(0));
        }
        json = !json;
      }
    });
    socket.handler(parser);
  }

  static BridgeSocket connect(Vertx vertx, String host, int port) throws Exception {
    NetClient client = vertx.createNetClient();
    return new BridgeSocket(client, client.connect(port, host).await(10, TimeUnit.SECONDS));
  }

  void write(JsonObject frame) throws Exception {
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json)).await(10, TimeUnit.SECONDS);
  }

  /** The next frame from the bridge; fails the test after 30 s. */
  JsonObject next() throws InterruptedException {
    JsonObject frame = frames.poll(30, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame from the bridge within 30 s");
    }
    return frame;
  }

  void close() throws Exception {
    socket.close().await(10, TimeUnit.SECONDS);
    client.close().await(10, TimeUnit.SECONDS);
  }
}
