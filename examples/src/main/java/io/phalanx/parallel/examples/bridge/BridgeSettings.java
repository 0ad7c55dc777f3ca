package io.phalanx.parallel.examples.bridge;

import java.nio.file.Path;

/**
 * The command line of {@link BridgeExample}.
 *
 * @param workers  worker JVMs of the pool
 * @param host     the interface the bridge listens on
 * @param port     the bridge's port; 0 for a free one
 * @param below    what the client's task counts the primes below
 * @param client   the folder of the Node.js client ({@code client.js} and its {@code node_modules})
 * @param serve    keep serving until standard input ends, instead of running the client once
 */
public record BridgeSettings(int workers, String host, int port, long below, Path client, boolean serve) {

  static final String USAGE = String.join("\n",
    "usage: run-example.sh --bridge [--workers N] [--host H] [--port P] [--below N] [--client DIR] [--serve]",
    "",
    "Deploys a pool on " + BridgeExample.ADDRESS + " behind a Vert.x TCP event-bus bridge that permits that address",
    "only, then runs the Node.js client (examples/bridge-client/client.js) against it and stops.",
    "",
    "  --workers N    worker JVMs (default 2)",
    "  --host H       the interface the bridge listens on (default 127.0.0.1)",
    "  --port P       the bridge's port (default 7000; 0 for any free one)",
    "  --below N      the client's task counts the primes below N (default 1000000)",
    "  --client DIR   the client's folder (default examples/bridge-client); run 'npm ci' there once",
    "  --serve        do not run the client: serve until standard input ends (Ctrl-D) or Ctrl-C",
    "  --help         this text");

  public BridgeSettings {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, was " + workers);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be within 0..65535, was " + port);
    }
  }

  public static BridgeSettings parse(String... args) {
    int workers = 2;
    String host = "127.0.0.1";
    int port = 7000;
    long below = 1_000_000;
    Path client = Path.of("examples", "bridge-client");
    boolean serve = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--serve")) {
        serve = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + option);
      }
      String value = args[++i];
      try {
        switch (option) {
          case "--workers" -> workers = Integer.parseInt(value);
          case "--host" -> host = value;
          case "--port" -> port = Integer.parseInt(value);
          case "--below" -> below = Long.parseLong(value);
          case "--client" -> client = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a number, was '" + value + "'");
      }
    }
    return new BridgeSettings(workers, host, port, below, client, serve);
  }

  BridgeSettings withPort(int port) {
    return new BridgeSettings(workers, host, port, below, client, serve);
  }
}
