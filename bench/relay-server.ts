/**
 * The latency baseline: a bare Socket.IO relay, in its own process like the hub. A window
 * emits `relay` with a batch; the relay acknowledges it and broadcasts it to every client of
 * `/display`. No store, no engine, no checks: what any Socket.IO fan-out costs.
 *
 *   node --import tsx bench/relay-server.ts [PORT]   → prints `Listening http://127.0.0.1:PORT`
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

interface RelayBatch {
  from: number;
  to: number;
  events: unknown[];
}
interface WindowToRelay {
  relay: (batch: RelayBatch, ack: (answer: { ok: true }) => void) => void;
}
interface RelayToDisplay {
  batch: (batch: RelayBatch) => void;
}

// Anything but Socket.IO's own path answers 200: the bench's "is it up" probe.
const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
});
const io = new Server<WindowToRelay, RelayToDisplay>(http, {
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
});
const displays = io.of('/display');
io.of('/window').on('connection', (socket) => {
  socket.on('relay', (batch, ack) => {
    ack({ ok: true });
    displays.emit('batch', batch);
  });
});
// The port: the first argument (the bench restarts the relay where its clients expect it), or any.
// The same accept queue as the hub's (LISTEN_BACKLOG, packages/hub/src/server/index.ts), so a
// reconnect storm compares the servers' work, not Node's default queue of 511.
http.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1', backlog: 4_096 }, () => {
  const { port } = http.address() as AddressInfo;
  console.log(`Listening http://127.0.0.1:${port}`);
});
const stop = (): void => {
  void io.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
