package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The parent side of the raw baselines: bare {@link RawChild} JVMs over plain pipes, or over a Unix domain socket each
 * (the floor of the pool's channel), JSON lines written and parsed with Jackson on plain threads, no Vert.x. What the
 * pool is compared with: the same bytes crossing the same kind of connection, without an event bus, supervisor,
 * mailbox or process library in between.
 */
final class RawChildren implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<Child> children = new ArrayList<>();
  /** One thread per child for {@link #cpuBatch}, started by its first call. */
  private final List<ExecutorService> cpuThreads = new ArrayList<>();

  /**
   * Starts {@code count} children and waits for their {@code ready} line.
   *
   * @param command the argv of one child
   */
  RawChildren(List<String> command, int count) throws IOException {
    this(command, count, false);
  }

  /**
   * @param overSockets whether each child talks over a Unix domain socket instead of its stdin and stdout
   */
  RawChildren(List<String> command, int count, boolean overSockets) throws IOException {
    try {
      for (int i = 0; i < count; i++) {
        children.add(overSockets ? Child.overSocket(command) : new Child(command));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * One task at a time on the first child: the latency of each round trip, in nanoseconds.
   */
  long[] pingPong(int count) throws IOException {
    Child child = children.get(0);
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      byte[] request = request(i, null);
      long started = System.nanoTime();
      child.out.write(request);
      child.out.flush();
      JsonNode response = child.read();
      nanos[i] = System.nanoTime() - started;
      check(response, i);
    }
    return nanos;
  }

  /**
   * One task at a time on the first child, each carrying {@code payload} out and back.
   *
   * @return the seconds the {@code count} round trips took
   */
  double payloadRoundTrips(String payload, int count) throws IOException {
    Child child = children.get(0);
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      child.out.write(request(i, payload));
      child.out.flush();
      JsonNode response = child.read();
      check(response, i);
      String result = response.path("result").textValue();
      if (result == null || !result.equals(payload)) {
        throw new IllegalStateException("raw child returned a different payload");
      }
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /**
   * Pipelined no-op tasks on every child, up to {@code window} in flight per child, one thread per child: it writes
   * the window full and flushes once, then reads answers, and each time half the window has been answered it writes
   * that half again with one flush. The caller samples {@link Pipeline#completed()} while it runs, then stops it.
   */
  Pipeline pipeline(int window) {
    return new Pipeline(window);
  }

  final class Pipeline implements AutoCloseable {
    private final AtomicLong completed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    private Pipeline(int window) {
      for (int c = 0; c < children.size(); c++) {
        Child child = children.get(c);
        threads.add(new Thread(() -> drive(child, window), "raw-pipeline-" + c));
      }
      threads.forEach(t -> {
        t.setDaemon(true);
        t.start();
      });
    }

    private void drive(Child child, int window) {
      try {
        long sent = 0;
        long answered = 0;
        int refill = Math.max(1, window / 2);
        while (true) {
          if (!stop && sent - answered <= window - refill) {
            while (sent - answered < window) {
              child.out.write(request(sent++, null));
            }
            child.out.flush();
          }
          if (answered == sent) {
            return;
          }
          check(child.read(), answered++);
          completed.incrementAndGet();
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }

    long completed() {
      Throwable t = failure.get();
      if (t != null) {
        throw new IllegalStateException("raw pipeline failed: " + t, t);
      }
      return completed.get();
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (thread.isAlive()) {
          throw new IllegalStateException("raw pipeline thread " + thread.getName() + " did not stop");
        }
      }
      completed();
    }
  }

  /**
   * The CPU batch on every child: one thread per child, each keeping up to {@code windowPerChild} tasks in flight on
   * its child (so a child never waits for its next task) and blocking in a read for each answer. One wake-up of one
   * parent thread per task: the floor of what a parent pays per CPU-heavy task.
   *
   * @return the digests, in the order of {@code seeds}
   */
  List<String> cpuBatch(List<Long> seeds, int mib, int windowPerChild) throws Exception {
    if (cpuThreads.isEmpty()) {
      // the same threads for every batch: a thread that has ended is gone from /proc, and its CPU time with it
      for (int c = 0; c < children.size(); c++) {
        String name = "raw-cpu-" + c;
        cpuThreads.add(Executors.newSingleThreadExecutor(r -> {
          Thread thread = new Thread(r, name);
          thread.setDaemon(true);
          return thread;
        }));
      }
    }
    String[] digests = new String[seeds.size()];
    AtomicInteger next = new AtomicInteger();
    List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
    for (int c = 0; c < children.size(); c++) {
      Child child = children.get(c);
      runs.add(cpuThreads.get(c).submit(() -> {
        ArrayDeque<Integer> inFlight = new ArrayDeque<>();
        while (true) {
          while (inFlight.size() < windowPerChild && next.get() < seeds.size()) {
            int index = next.getAndIncrement();
            if (index >= seeds.size()) {
              break;
            }
            child.out.write(sha256Request(index, seeds.get(index), mib));
            inFlight.add(index);
          }
          child.out.flush();
          if (inFlight.isEmpty()) {
            return null;
          }
          int index = inFlight.remove();
          JsonNode response = child.read();
          check(response, index);
          digests[index] = response.path("result").textValue();
        }
      }));
    }
    for (java.util.concurrent.Future<?> run : runs) {
      run.get(10, TimeUnit.MINUTES);
    }
    return List.of(digests);
  }

  private static byte[] sha256Request(long id, long seed, int mib) throws IOException {
    ObjectNode request = MAPPER.createObjectNode();
    request.put("type", "task");
    request.put("id", id);
    request.put("task", "sha256");
    request.putObject("args").put("seed", seed).put("mib", mib);
    return line(request);
  }

  private static byte[] request(long id, String payload) throws IOException {
    ObjectNode request = MAPPER.createObjectNode();
    request.put("type", "task");
    request.put("id", id);
    request.put("task", payload == null ? "noop" : "echo");
    ObjectNode args = request.putObject("args");
    if (payload == null) {
      args.put("seq", id);
    } else {
      args.put("payload", payload);
    }
    return line(request);
  }

  private static byte[] line(ObjectNode request) throws IOException {
    byte[] json = MAPPER.writeValueAsBytes(request);
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }

  private static void check(JsonNode response, long id) {
    if (response.path("id").asLong(Long.MIN_VALUE) != id || !response.path("ok").asBoolean()) {
      throw new IllegalStateException("raw child answered " + response + " to task " + id);
    }
  }

  /** Closes every child's stdin (it exits), waits for it, and kills one that does not go. */
  @Override
  public void close() {
    cpuThreads.forEach(ExecutorService::shutdownNow);
    cpuThreads.clear();
    for (Child child : children) {
      child.close();
    }
    children.clear();
  }

  List<Long> pids() {
    return children.stream().map(c -> c.process.pid()).toList();
  }

  private static final class Child {
    private final Process process;
    private final OutputStream out;
    private final BufferedReader in;
    private final SocketChannel socket;

    Child(List<String> command) throws IOException {
      this(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start(), null);
    }

    /** A child that connects back over a Unix domain socket in a private directory. */
    static Child overSocket(List<String> command) throws IOException {
      Path dir = Files.createTempDirectory("phalanx-raw-");
      Path path = dir.resolve("s");
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(path));
        List<String> argv = new ArrayList<>(command);
        argv.add("--socket");
        argv.add(path.toString());
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Child(process, server.accept());
      } finally {
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
      }
    }

    private Child(Process process, SocketChannel socket) throws IOException {
      this.process = process;
      this.socket = socket;
      // one thread writes and reads in turn per child: the channel's streams (and their shared lock) are fine here
      out = new BufferedOutputStream(socket != null ? Channels.newOutputStream(socket) : process.getOutputStream(),
        64 * 1024);
      in = new BufferedReader(new InputStreamReader(socket != null ? Channels.newInputStream(socket)
        : process.getInputStream(), StandardCharsets.UTF_8), 64 * 1024);
      String ready = in.readLine();
      if (ready == null || !ready.startsWith("{\"type\":\"ready\"")) {
        close();
        throw new IOException("raw child did not say ready: " + ready);
      }
    }

    JsonNode read() throws IOException {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("raw child " + process.pid() + " closed its stdout");
      }
      return MAPPER.readTree(line);
    }

    void close() {
      try {
        out.close();
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // already gone
      }
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
