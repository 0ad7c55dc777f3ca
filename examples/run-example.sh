#!/usr/bin/env bash
# Builds phalanx-parallel (tests skipped) and runs the thumbnails example, or, with --database first, the database
# example; every other argument goes to the example (try --help). Works from any directory; nothing is installed
# into ~/.m2.
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
if [[ "${1:-}" == "--database" ]]; then
  main=io.phalanx.parallel.examples.DatabaseExample
  shift
fi

exec java -Djava.awt.headless=true \
  -cp "$root/examples/target/classes:$(cat "$root/examples/target/classpath.txt")" \
  "$main" "$@"
