#!/usr/bin/env bash
# Builds phalanx-parallel (tests skipped) and runs the cluster demo: two worker nodes and a client node, three JVMs on
# loopback (Hazelcast TCP-IP join on 127.0.0.1, multicast off), one pool address across them. The demo prints which
# node and worker ran each task and ends every JVM it started. `node` and `client` run one node instead (see
# --help and docs/cluster.md for a run across machines). Nothing is installed into ~/.m2.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"

mvn -B -q -f "$root/pom.xml" -Dmaven.test.skip=true -pl examples -am package

exec java -cp "$root/examples/target/classes:$(cat "$root/examples/target/classpath.txt")" \
  io.phalanx.parallel.examples.cluster.ClusterDemo "$@"
