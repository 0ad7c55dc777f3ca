#!/usr/bin/env node
// No-op tasks through child_process.fork, the Node peer of the phalanx-parallel benchmark.
//
//   node fork_noop.js [--tasks N] [--runs R] [--workers W]
//
// Forks W children (this same file with the argument "child"); a pool in the parent hands out the tasks, one in
// flight per child at a time (as a worker pool runs them): a child answers {id} over the IPC channel with
// process.send, and the parent sends that child the next task. Warms up, runs N tasks R times and prints one JSON
// line: {"rates": [tasks per second of each run], "tasks": N, "workers": W, "version": "v20..."}.
'use strict';
const { fork } = require('child_process');

if (process.argv[2] === 'child') {
  process.on('message', (task) => {
    process.send({ id: task.id, result: null });
  });
  // the parent disconnects at the end: nothing else keeps this process alive
  return;
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const tasks = option('--tasks', 20000);
const runs = option('--runs', 3);
const workers = option('--workers', 2);

const children = [];
for (let i = 0; i < workers; i++) {
  children.push(fork(__filename, ['child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
}

// runs n tasks over the children, one in flight per child; resolves when all are answered
function run(n) {
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const dispatch = (child) => {
      if (next < n) {
        child.send({ id: next++, task: 'noop', args: {} });
      }
    };
    for (const child of children) {
      child.removeAllListeners('message');
      child.on('message', () => {
        done++;
        if (done === n) {
          resolve();
        } else {
          dispatch(child);
        }
      });
      dispatch(child);
    }
  });
}

(async () => {
  await run(Math.max(1000, Math.floor(tasks / 10)));
  const rates = [];
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint();
    await run(tasks);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push(tasks / seconds);
  }
  const exits = children.map((child) => new Promise((resolve) => child.on('exit', resolve)));
  children.forEach((child) => child.disconnect());
  await Promise.all(exits);
  console.log(JSON.stringify({ rates, tasks, workers, version: process.version }));
})();
