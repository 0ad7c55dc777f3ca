'use strict';
// A Node.js client of the pool, through the Vert.x TCP event-bus bridge that BridgeExample starts. It sends a task as
// JSON, prints the result, then shows the failure codes: a task class the pool does not allow (400), a task that
// throws (500), and an address the bridge does not permit (refused by the bridge itself).
//
//   node client.js [--host 127.0.0.1] [--port 7000] [--address phalanx.examples.bridge] [--below 1000000]
//
// Exit status 0 when every answer was the one expected, 1 otherwise.

// vertx3-tcp-eventbus-client is the TCP bridge client published from the Vert.x project's bridge clients
// (vert-x3/vertx-eventbus-bridge-clients). Its 1.0.0-SNAPSHOT calls `new Buffer()`, which Node reports as deprecated
// on stderr on every run: that warning says nothing about this script.
process.noDeprecation = true;
// the package declares no "main": its module is lib/tcp-vertx-eventbus.js
const EventBus = require('vertx3-tcp-eventbus-client/lib/tcp-vertx-eventbus.js');

const TASK = 'io.phalanx.parallel.examples.bridge.PrimeCount';
const PATIENCE_MS = 60000;

function options(argv) {
  const settings = { host: '127.0.0.1', port: 7000, address: 'phalanx.examples.bridge', below: 1000000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in settings) || i + 1 >= argv.length) {
      throw new Error('usage: node client.js [--host H] [--port P] [--address A] [--below N]; got ' + argv[i]);
    }
    settings[key] = typeof settings[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return settings;
}

// One request; the answer is {body} or {failure: {failureCode, failureType, message}}. The "timeout" header is the
// bridge's send timeout: the pool answers every request itself, so a long task must not be cut short at 30 s.
function request(eb, address, body) {
  return new Promise((resolve) => {
    eb.send(address, body, { timeout: PATIENCE_MS }, (failure, reply) =>
      resolve(failure ? { failure } : { body: reply.body }));
  });
}

// Frames without an address: the bridge's refusals ("access_denied") and its "pong" to the library's pings (which the
// library, written for the Vert.x 3 bridge that sent no pong, would warn about). The library looks up a handler for
// them under the address undefined; refusals arrive as the first argument.
let onRefusal = (error) => {
  console.log('refused by the bridge: ' + error.message);
  process.exit(1);
};

function handleFramesWithoutAddress(eb) {
  eb.handlers[undefined] = [(error) => error && onRefusal(error)];
}

// A message to an address the bridge does not permit: the refusal never reaches the request's callback.
function refused(eb, address) {
  return new Promise((resolve) => {
    onRefusal = (error) => resolve(error.message);
    eb.send(address, {}, { timeout: PATIENCE_MS }, () => resolve(null));
  });
}

function describe(answer) {
  return answer.failure
    ? 'failed with code ' + answer.failure.failureCode + ': ' + answer.failure.message
    : JSON.stringify(answer.body);
}

async function talk(eb, settings) {
  let ok = true;
  const expect = (condition) => { ok = ok && condition; };

  const primes = await request(eb, settings.address, { task: TASK, args: { below: settings.below } });
  console.log('PrimeCount below ' + settings.below + ' -> ' + describe(primes));
  expect(primes.body !== undefined && typeof primes.body.result === 'number');

  const unknown = await request(eb, settings.address, { task: 'com.example.NoSuchTask', args: {} });
  console.log('com.example.NoSuchTask -> ' + describe(unknown));
  expect(unknown.failure !== undefined && unknown.failure.failureCode === 400);

  const thrown = await request(eb, settings.address, { task: TASK, args: { below: -1 } });
  console.log('PrimeCount below -1 -> ' + describe(thrown));
  expect(thrown.failure !== undefined && thrown.failure.failureCode === 500);

  const stats = settings.address + '.stats';
  const denied = await refused(eb, stats);
  console.log(stats + ' -> ' + (denied ? 'refused by the bridge: ' + denied : 'answered'));
  expect(denied === 'access_denied');
  return ok;
}

function main() {
  const settings = options(process.argv.slice(2));
  const eb = new EventBus(settings.host, settings.port);
  const patience = setTimeout(() => {
    console.log('no answer within ' + PATIENCE_MS / 1000 + ' s');
    process.exit(1);
  }, PATIENCE_MS);
  // in place of the library's own listener, which prints the whole error object to stderr
  eb.transport.removeAllListeners('error');
  eb.transport.on('error', (error) => {
    console.log('cannot talk to the bridge at ' + settings.host + ':' + settings.port + ': ' + error.message);
    process.exit(1);
  });
  eb.onerror = (error) => {
    console.log('bridge error: ' + (error.message || error));
    process.exit(1);
  };
  handleFramesWithoutAddress(eb);
  eb.onopen = () => {
    console.log('connected to the bridge at ' + settings.host + ':' + settings.port);
    talk(eb, settings).then((ok) => {
      clearTimeout(patience);
      process.exitCode = ok ? 0 : 1;
      // the library's close() calls a close() that net.Socket does not have; end() is the socket's own
      eb.transport.end();
    });
  };
}

main();
