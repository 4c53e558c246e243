import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { handshake } from './displays.js';
import { pairAll, registerDevices } from './hall.js';
import { HubChild, type ServerChild } from './hub-child.js';
import { RelayChild } from './relay-child.js';
import { percentile, sleep } from './util.js';

export interface ReconnectOptions {
  dir: string;
  clients: number;
  log: (line: string) => void;
}

export interface ReconnectSide {
  clients: number;
  /** The server was told to stop → every client connected again (and, on the hub, resynced). */
  allBackMs: number;
  /** The new server process answered its health check → every client back. */
  afterListeningMs: number;
  /** Per client, from the new server's first answer. */
  p50Ms: number;
  p99Ms: number;
  /** Stop, then spawn to the first health answer. */
  restartMs: number;
}

export interface ReconnectResult {
  hub: ReconnectSide;
  relay: ReconnectSide;
}

/**
 * A display's socket like `HubClient`'s: WebSocket, reconnecting by itself (socket.io's backoff,
 * 100 ms to 500 ms, the same on both sides), and on the hub a `sync` after every connection; it
 * counts as back when that sync is answered (on the relay: when it is connected).
 */
class Client {
  readonly socket: Socket;
  generation = 0;
  backAt = 0;
  private lastSeq = 0;

  constructor(url: string, token: string | null) {
    this.socket = io(`${url}/display`, {
      transports: ['websocket'],
      forceNew: true,
      // Short retries, so the figure is the server's work taking them back, not the backoff.
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      ...(token ? { auth: handshake(token) } : {}),
    });
    this.socket.on('connect', () => {
      if (!token) return this.back();
      this.socket
        .timeout(30_000)
        .emit('sync', { lastSeq: this.lastSeq }, (err: Error | null, answer: unknown) => {
          if (err) return;
          const a = answer as {
            ok: boolean;
            result?: { kind: string; snapshot?: { seq: number } };
          };
          if (a.ok && a.result?.snapshot) this.lastSeq = a.result.snapshot.seq;
          this.back();
        });
    });
  }

  private back(): void {
    this.generation++;
    this.backAt = performance.now();
  }
}

async function allBack(clients: Client[], generation: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (clients.some((c) => c.generation < generation)) {
    if (performance.now() > deadline) {
      const behind = clients.filter((c) => c.generation < generation).length;
      throw new Error(`${behind} of ${clients.length} clients not back after ${timeoutMs} ms`);
    }
    await sleep(10);
  }
}

async function measureSide(
  start: (port: number) => Promise<ServerChild>,
  clientsFor: (url: string) => Client[],
): Promise<ReconnectSide> {
  let server = await start(0);
  const port = Number(new URL(server.url).port);
  const clients: Client[] = clientsFor(server.url);
  try {
    await allBack(clients, 1, 120_000);
    await sleep(500);
    const stopAt = performance.now();
    await server.stop();
    server = await start(port);
    const listening = server.healthyAt;
    await allBack(clients, 2, 120_000);
    const times = clients.map((c) => c.backAt - listening).sort((a, b) => a - b);
    const last = Math.max(...clients.map((c) => c.backAt));
    return {
      clients: clients.length,
      allBackMs: last - stopAt,
      afterListeningMs: last - listening,
      p50Ms: percentile(times, 0.5),
      p99Ms: percentile(times, 0.99),
      restartMs: server.healthyAt - stopAt,
    };
  } finally {
    for (const c of clients) c.socket.disconnect();
    await server.stop();
  }
}

/** Many displays connected, the server stopped and started again on its port: how long until all are back. */
export async function measureReconnect(options: ReconnectOptions): Promise<ReconnectResult> {
  const { dir, log } = options;
  const dbPath = join(dir, 'reconnect.sqlite');
  const devices = registerDevices(dbPath, [{ kind: 'display', count: options.clients }]);
  let tokens: string[] = [];
  const hub = await measureSide(
    async (port) => {
      const h = await HubChild.start({ dbPath, port });
      if (tokens.length === 0) tokens = await pairAll(h.url, devices);
      return h;
    },
    (url) => tokens.map((t) => new Client(url, t)),
  );
  log(
    `    hub: ${hub.clients} displays back and resynced ${hub.allBackMs.toFixed(0)} ms after the stop (${hub.afterListeningMs.toFixed(0)} ms after it listened again; restart ${hub.restartMs.toFixed(0)} ms)`,
  );
  const relay = await measureSide(
    (port) => RelayChild.start(port),
    (url) => Array.from({ length: options.clients }, () => new Client(url, null)),
  );
  log(
    `    relay: ${relay.clients} back ${relay.allBackMs.toFixed(0)} ms after the stop (${relay.afterListeningMs.toFixed(0)} ms after it listened again; restart ${relay.restartMs.toFixed(0)} ms)`,
  );
  return { hub, relay };
}
