#!/usr/bin/env bash
# The CPU part of the benchmark on many cores (issue 7, item 4): one SHA-256 batch on pools of 1, 2, 4, 8, 16 workers.
#
#   examples/bench-scaling.sh --prepare [DIR]   builds a self-contained bundle in DIR (default
#                                               examples/target/scaling): a jlink'ed Java runtime, the jars and run.sh
#   examples/bench-scaling.sh [ScalingBench options]   runs it here, with this machine's java
#
# The bundle is for a machine without a JDK (the 16-core machine): copy or carry DIR there and run
# `DIR/run.sh [--workers 1,2,4,8,16] [--tasks 256] [--mib 16] [--runs 3] [--out FILE]`. Builds nothing itself: run
# `mvn -B -q -DskipTests package` first. See examples/bench/README.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
classpath_file="$root/examples/target/classpath.txt"
examples_jar="$(ls "$root"/examples/target/phalanx-parallel-examples-*.jar 2>/dev/null \
  | grep -v -e '-sources.jar' -e '-javadoc.jar' -e '-tests.jar' | head -n 1 || true)"
if [[ ! -f "$classpath_file" || -z "$examples_jar" ]]; then
  echo "bench-scaling: the build is missing; build it first, from $root: mvn -B -q -DskipTests package" >&2
  exit 2
fi

if [[ "${1:-}" != "--prepare" ]]; then
  exec java -cp "$examples_jar:$(cat "$classpath_file")" io.phalanx.parallel.examples.bench.ScalingBench "$@"
fi

dir="${2:-$root/examples/target/scaling}"
if ! command -v jlink > /dev/null; then
  echo "bench-scaling: --prepare needs jlink (a JDK, not a JRE)" >&2
  exit 2
fi
rm -rf "$dir"
mkdir -p "$dir/lib"
# the modules Vert.x, Netty, Jackson and the pool use; about 39 MB
modules=java.base,java.logging,java.management,jdk.unsupported,java.naming,java.sql,jdk.crypto.ec,jdk.management
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$dir/runtime"
cp "$examples_jar" "$dir/lib/"
IFS=':' read -r -a jars <<< "$(cat "$classpath_file")"
for jar in "${jars[@]}"; do
  case "$(basename "$jar")" in
    # the cluster demo's and the database example's jars: not needed here, and they would push the bundle past
    # what travels to the device machine (64 MiB)
    hazelcast-*.jar | vertx-hazelcast-*.jar | h2-*.jar) ;;
    *) cp "$jar" "$dir/lib/" ;;
  esac
done
cat > "$dir/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the scaling benchmark with the bundled runtime; the pools' workers use the same runtime and jars.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classpath="$(ls "$here"/lib/*.jar | tr '\n' ':')"
exec "$here/runtime/bin/java" -cp "${classpath%:}" io.phalanx.parallel.examples.bench.ScalingBench "$@"
RUN
chmod +x "$dir/run.sh"
echo "bench-scaling: bundle ready in $dir ($(du -sh "$dir" | cut -f1)); run $dir/run.sh there"
