#!/usr/bin/env bash
# Builds phalanx-parallel (tests skipped) and runs the thumbnails example, or, with --database first, the database
# example, or, with --bridge first, the TCP event-bus bridge and its Node.js client; every other argument goes to the
# example (try --help). Works from any directory; nothing is installed into ~/.m2.
#
# Why not `mvn exec:java`: the worker JVMs are started with the parent's java.class.path, which under exec:java is
# Maven's own. So the example runs under a plain `java -cp`, with the class path the build wrote to
# examples/target/classpath.txt (the reactor's jars, so a fresh clone needs no `mvn install`).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"

# -f instead of cd: a relative --out DIR stays relative to where the script was started
mvn -B -q -f "$root/pom.xml" -Dmaven.test.skip=true -pl examples -am package

# --database as the first argument runs the database example instead (parent service + H2, see examples/README.md)
main=io.phalanx.parallel.examples.ThumbnailsExample
extra=()
if [[ "${1:-}" == "--database" ]]; then
  main=io.phalanx.parallel.examples.DatabaseExample
  shift
elif [[ "${1:-}" == "--bridge" ]]; then
  # --bridge as the first argument: the pool behind a TCP event-bus bridge, and its Node.js client (examples/README.md)
  main=io.phalanx.parallel.examples.bridge.BridgeExample
  shift
  client="$root/examples/bridge-client"
  extra=(--client "$client")
  if [[ ! -d "$client/node_modules" ]] && command -v npm >/dev/null; then
    # the client's one package (the Vert.x TCP bridge client), pinned by the lockfile
    (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

exec java -Djava.awt.headless=true \
  -cp "$root/examples/target/classes:$(cat "$root/examples/target/classpath.txt")" \
  "$main" ${extra[@]+"${extra[@]}"} "$@"
