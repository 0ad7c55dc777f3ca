package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The bare child of the raw baselines: no Vert.x, no threads, no supervision. It reads JSON lines from stdin with a
 * {@link BufferedReader} on its main thread, parses each with Jackson and answers
 * {@code {"type":"task_response","id":ID,"ok":true,"result":R}} where {@code R} is the request's
 * {@code args.payload} (or {@code null}), the same shape as the pool's frames; to a {@code sha256} task it answers
 * {@link Sha256Task#digest} of {@code args.seed} and {@code args.mib}. It flushes stdout only when no more
 * input is already buffered: one flush per line in a ping-pong, batched flushes when the parent pipelines. It writes
 * {@code {"type":"ready"}} first and exits when stdin closes. With {@code --socket PATH} it does the same over a Unix
 * domain socket it connects to, the floor of the pool's worker channel, and exits when the socket closes.
 */
public final class RawChild {

  private RawChild() {
  }

  public static void main(String[] args) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    InputStream rawIn = new FileInputStream(FileDescriptor.in);
    OutputStream rawOut = new FileOutputStream(FileDescriptor.out);
    if (args.length == 2 && args[0].equals("--socket")) {
      // one thread reads and writes in turn: the channel's streams (and their shared lock) are fine here
      SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(args[1]));
      rawIn = Channels.newInputStream(socket);
      rawOut = Channels.newOutputStream(socket);
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(rawIn, StandardCharsets.UTF_8), 64 * 1024);
    OutputStream out = new BufferedOutputStream(rawOut, 64 * 1024);
    out.write("{\"type\":\"ready\"}\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        continue;
      }
      JsonNode request = mapper.readTree(line);
      ObjectNode response = mapper.createObjectNode();
      response.put("type", "task_response");
      response.set("id", request.get("id"));
      response.put("ok", true);
      JsonNode taskArgs = request.path("args");
      if ("sha256".equals(request.path("task").asText())) {
        response.put("result", Sha256Task.digest(taskArgs.path("seed").asLong(), taskArgs.path("mib").asInt()));
      } else {
        JsonNode payload = taskArgs.get("payload");
        response.set("result", payload == null ? mapper.nullNode() : payload);
      }
      out.write(mapper.writeValueAsBytes(response));
      out.write('\n');
      if (!in.ready()) {
        out.flush();
      }
    }
    out.flush();
  }
}
