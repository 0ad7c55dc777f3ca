#!/usr/bin/env bash
# Runs the phalanx-parallel benchmark (issue 7): the pool against bare pipes, in-JVM threads, Python and Node.
#
#   examples/bench.sh [--quick] [--out FILE]
#
# Builds nothing: run `mvn -B -q -DskipTests package` (or `-pl examples -am`) first. Prints a table and the targets,
# writes examples/target/bench/results.json (or FILE). --quick: fewer and shorter repetitions (about 6.5 minutes on a
# 2-core machine; the full run about 14). Exit status 0 when every measurement completed, whether or not the targets were met;
# 1 on a benchmark error; 2 when the build is missing or the arguments are wrong. See examples/bench/README.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
classpath_file="$root/examples/target/classpath.txt"
build_hint="build it first, from $root: mvn -B -q -DskipTests package"

if [[ ! -f "$classpath_file" ]]; then
  echo "bench: $classpath_file is missing; $build_hint" >&2
  exit 2
fi
# the examples jar, not examples/target/classes: the pools' workers inherit this class path, and only a class path
# of jars gets the workers' class-data archive (it archives classes from jars only)
shopt -s nullglob
examples_jars=("$root"/examples/target/phalanx-parallel-examples-*.jar)
shopt -u nullglob
examples_jar=""
for jar in ${examples_jars[@]+"${examples_jars[@]}"}; do
  case "$jar" in
    *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
    *) examples_jar="$jar" ;;
  esac
done
if [[ -z "$examples_jar" ]]; then
  echo "bench: the examples jar with the benchmark is missing (examples/target/phalanx-parallel-examples-*.jar);" \
    "$build_hint" >&2
  exit 2
fi
classpath="$(cat "$classpath_file")"
IFS=':' read -r -a jars <<< "$classpath"
for jar in "${jars[@]}"; do
  if [[ ! -f "$jar" ]]; then
    echo "bench: $jar (from $classpath_file) is missing; $build_hint" >&2
    exit 2
  fi
done
# a build of the examples module alone (-pl examples without -am) links the phalanx jars installed in ~/.m2, which
# may be older than this tree: measure the reactor's own jars only
for module in core worker-verticle; do
  if [[ ":$classpath:" != *":$root/$module/target/"*".jar:"* ]]; then
    echo "bench: $classpath_file does not use $root/$module/target/*.jar (was the examples module built alone?);" \
      "rebuild with: mvn -B -q -DskipTests package -pl examples -am" >&2
    exit 2
  fi
done
if ! command -v java > /dev/null; then
  echo "bench: no java on the PATH" >&2
  exit 2
fi

out="$root/examples/target/bench/results.json"
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out)
      [[ $# -ge 2 ]] || { echo "bench: --out needs a file" >&2; exit 2; }
      out="$2"
      shift 2
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done

# recorded in the JSON: the commit, and which library files (core, worker-verticle, codegen) differ from it
commit="$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)"
modified="$(git -C "$root" status --porcelain -- core worker-verticle codegen 2> /dev/null | wc -l | tr -d ' ')"

# no exec: the JVM's exit status is passed on as it is, and nothing is left running after it
java -Dbench.commit="$commit" -Dbench.modified="$modified files" -cp "$examples_jar:$classpath" \
  io.phalanx.parallel.examples.bench.Bench --out "$out" --peers "$root/examples/bench/peers" ${args[@]+"${args[@]}"}
