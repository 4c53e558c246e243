/*
 * A hostile hall display in a worker thread (its own event loop, as if on another machine, so
 * reading the hub's answers costs the hub's thread nothing): `sync` `depth` events back,
 * `perS` times a second, and a fresh connection of the same device after every `perS` syncs.
 * Posts its counts every 50 ms; `'stop'` ends it and posts `{ done: true, ... }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { url, token, protocolVersion, perS, depth, deepOver } = workerData;
let last = workerData.last;
let stop = false;
const counts = { sent: 0, deep: 0, refused: 0, other: 0 };
const sockets = [];
parentPort.on('message', (message) => {
  if (message === 'stop') stop = true;
});

function connect() {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/display`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { protocolVersion, token },
    });
    sockets.push(socket);
    socket.on('batch', (batch) => {
      last = Math.max(last, batch.to);
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function count(answer) {
  if (answer && answer.ok === true) {
    const size =
      answer.result.kind === 'events'
        ? answer.result.batch.events.length
        : answer.result.snapshot.tickets.length;
    if (size > deepOver) counts.deep++;
    else counts.other++;
  } else if (answer && answer.ok === false && answer.error.code === 'rate_limited') {
    counts.refused++;
  } else counts.other++;
}

async function main() {
  let socket = await connect();
  const started = performance.now();
  const pending = [];
  const progress = setInterval(() => parentPort.postMessage({ done: false, counts }), 50);
  while (!stop) {
    const due = Math.floor(((performance.now() - started) / 1000) * perS);
    if (counts.sent > 0 && counts.sent % perS === 0 && due > counts.sent) {
      socket = await connect(); // the older one is replaced
    }
    for (; counts.sent < due; counts.sent++) {
      pending.push(
        socket
          .timeout(10_000)
          .emitWithAck('sync', { lastSeq: Math.max(1, last - depth) })
          .then(count, () => counts.other++),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.allSettled(pending);
  clearInterval(progress);
  for (const s of sockets) s.close();
  parentPort.postMessage({ done: true, counts, seconds: (performance.now() - started) / 1000 });
}

main().catch((err) => {
  parentPort.postMessage({ done: true, error: String(err), counts, seconds: 0 });
});
