#!/usr/bin/env bash
# Compares this working tree's benchmark figures with those of an earlier commit, in alternating runs.
#
#   examples/bench-ab.sh BASE [--rounds N] [bench.sh options...]
#   examples/bench-ab.sh HEAD~1 --rounds 3 --quick --only pool2
#
# BASE is checked out in a temporary worktree and built there (mvn -o -q -DskipTests package); this tree must be built
# already (see examples/bench/README.md). Then base and this tree each run examples/bench.sh with the same options,
# one after the other, N times (2 by default), so that a machine whose speed drifts during the session moves both
# alike. The JSON of every run stays in examples/target/bench-ab/; the comparison (each side's median, head / base,
# and every run) is printed at the end. Exit status: 0, or the first failing command's.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
usage() {
  echo "usage: examples/bench-ab.sh BASE [--rounds N] [bench.sh options...]" >&2
  exit 2
}
[[ $# -ge 1 ]] || usage
base="$1"
shift
rounds=2
bench_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage
      rounds="$2"
      shift 2
      ;;
    --out)
      echo "bench-ab: --out is chosen by this script (examples/target/bench-ab/)" >&2
      exit 2
      ;;
    *)
      bench_args+=("$1")
      shift
      ;;
  esac
done
base_commit="$(git -C "$root" rev-parse --verify --quiet "$base^{commit}")" || {
  echo "bench-ab: $base is not a commit of $root" >&2
  exit 2
}

out="$root/examples/target/bench-ab"
mkdir -p "$out"
worktree="$(mktemp -d "${TMPDIR:-/tmp}/phalanx-bench-ab-XXXXXX")"
cleanup() {
  git -C "$root" worktree remove --force "$worktree" > /dev/null 2>&1 || rm -rf "$worktree"
}
trap cleanup EXIT

echo "bench-ab: building ${base_commit:0:9} in $worktree" >&2
git -C "$root" worktree add --detach --quiet "$worktree" "$base_commit"
(cd "$worktree" && mvn -B -q -o -DskipTests -Dmaven.javadoc.skip=true package > "$out/base-build.log" 2>&1) || {
  echo "bench-ab: the base did not build; see $out/base-build.log" >&2
  exit 1
}

base_runs=()
head_runs=()
for ((round = 1; round <= rounds; round++)); do
  for side in base head; do
    if [[ "$side" == base ]]; then tree="$worktree"; else tree="$root"; fi
    json="$out/$side-$round.json"
    echo "bench-ab: round $round of $rounds, $side" >&2
    "$tree/examples/bench.sh" --out "$json" ${bench_args[@]+"${bench_args[@]}"} > "$out/$side-$round.log" 2>&1 || {
      echo "bench-ab: the $side run failed; see $out/$side-$round.log" >&2
      exit 1
    }
    if [[ "$side" == base ]]; then base_runs+=("$json"); else head_runs+=("$json"); fi
  done
done

classpath="$(cat "$root/examples/target/classpath.txt")"
examples_jar="$(ls "$root"/examples/target/phalanx-parallel-examples-*.jar | grep -v -e '-sources' -e '-javadoc' -e '-tests' | head -1)"
java -cp "$examples_jar:$classpath" io.phalanx.parallel.examples.bench.BenchCompare "${base_commit:0:9}" "this tree" \
  "$(IFS=,; echo "${base_runs[*]}")" "$(IFS=,; echo "${head_runs[*]}")"
