#!/usr/bin/env python3
"""No-op tasks through concurrent.futures.ProcessPoolExecutor, the Python peer of the phalanx-parallel benchmark.

   python3 ppe_noop.py [--tasks N] [--runs R] [--workers W]

Starts a pool of W worker processes, warms it up (every worker started and serving), then runs
executor.map(noop, range(N), chunksize=1) R times and prints one JSON line:
{"rates": [tasks per second of each run], "tasks": N, "workers": W, "version": "3.11.7"}.
chunksize=1 sends every task to a worker on its own, as the Java pool does.
"""
import argparse
import json
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def noop(x):
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rates = []
    with ProcessPoolExecutor(max_workers=args.workers) as executor:
        # warm-up: the workers start lazily; a tenth of a run gets them all started and serving
        list(executor.map(noop, range(max(1000, args.tasks // 10)), chunksize=1))
        for _ in range(args.runs):
            started = time.perf_counter()
            for _ in executor.map(noop, range(args.tasks), chunksize=1):
                pass
            rates.append(args.tasks / (time.perf_counter() - started))
    print(json.dumps({"rates": rates, "tasks": args.tasks, "workers": args.workers,
                      "version": platform.python_version()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
