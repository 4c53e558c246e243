import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { handshake } from './displays.js';
import { pairAll, registerDevices } from './hall.js';
import { HubChild, type ServerChild } from './hub-child.js';
import { RelayChild } from './relay-child.js';
import { median, percentile, sleep } from './util.js';

export interface ReconnectOptions {
  dir: string;
  clients: number;
  /** Restarts of each server, in turns (hub, relay, relay, hub, ...); the figures are medians. */
  rounds: number;
  log: (line: string) => void;
}

/** One restart: when the server was told to stop, printed `Listening` again, and each client was back. */
export interface ReconnectRound {
  /** The server was told to stop → every client connected again (and, on the hub, resynced). */
  allBackMs: number;
  /** The new server printed its `Listening` line (it takes connections) → every client back. */
  afterListeningMs: number;
  /** Per client, from the new server's `Listening` line. */
  p50Ms: number;
  p99Ms: number;
  /** Stop, then spawn to the first health answer. */
  restartMs: number;
}

/** A server's restarts: each round, and the median of each figure over them. */
export interface ReconnectSide extends ReconnectRound {
  clients: number;
  rounds: ReconnectRound[];
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

/** A server with its clients connected, restarted on its port again and again. */
class Side {
  private generation = 1;
  readonly rounds: ReconnectRound[] = [];

  private constructor(
    private server: ServerChild,
    private readonly start: (port: number) => Promise<ServerChild>,
    private readonly clients: Client[],
  ) {}

  static async open(
    start: (port: number) => Promise<ServerChild>,
    clientsFor: (url: string) => Client[],
  ): Promise<Side> {
    const server = await start(0);
    const side = new Side(server, start, clientsFor(server.url));
    await allBack(side.clients, 1, 120_000);
    return side;
  }

  /** Stops the server, starts it again on its port and waits for every client to be back. */
  async restart(): Promise<ReconnectRound> {
    const port = Number(new URL(this.server.url).port);
    await sleep(500);
    const stopAt = performance.now();
    await this.server.stop();
    this.server = await this.start(port);
    // From the moment it takes connections, not from its health answer: a server busy taking
    // its clients back answers its own health check late, which would shorten its figure.
    const listening = this.server.listeningAt;
    this.generation += 1;
    await allBack(this.clients, this.generation, 120_000);
    const times = this.clients.map((c) => c.backAt - listening).sort((a, b) => a - b);
    const last = Math.max(...this.clients.map((c) => c.backAt));
    const round = {
      allBackMs: last - stopAt,
      afterListeningMs: last - listening,
      p50Ms: percentile(times, 0.5),
      p99Ms: percentile(times, 0.99),
      restartMs: this.server.healthyAt - stopAt,
    };
    this.rounds.push(round);
    return round;
  }

  result(): ReconnectSide {
    const mid = (pick: (r: ReconnectRound) => number): number => median(this.rounds.map(pick));
    return {
      clients: this.clients.length,
      rounds: this.rounds,
      allBackMs: mid((r) => r.allBackMs),
      afterListeningMs: mid((r) => r.afterListeningMs),
      p50Ms: mid((r) => r.p50Ms),
      p99Ms: mid((r) => r.p99Ms),
      restartMs: mid((r) => r.restartMs),
    };
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.disconnect();
    await this.server.stop();
  }
}

/**
 * Many displays connected to the hub and as many to the relay; each server stopped and started
 * again on its port, in turns, `rounds` times: how long until all its displays are back.
 */
export async function measureReconnect(options: ReconnectOptions): Promise<ReconnectResult> {
  const { dir, log } = options;
  const dbPath = join(dir, 'reconnect.sqlite');
  const devices = registerDevices(dbPath, [{ kind: 'display', count: options.clients }]);
  let tokens: string[] = [];
  const sides: Side[] = [];
  try {
    const hub = await Side.open(
      async (port) => {
        const h = await HubChild.start({ dbPath, port });
        if (tokens.length === 0) tokens = await pairAll(h.url, devices);
        return h;
      },
      (url) => tokens.map((t) => new Client(url, t)),
    );
    sides.push(hub);
    const relay = await Side.open(
      (port) => RelayChild.start(port),
      (url) => Array.from({ length: options.clients }, () => new Client(url, null)),
    );
    sides.push(relay);
    const say = (name: string, r: ReconnectRound): void =>
      log(
        `    ${name}: ${options.clients} back ${r.afterListeningMs.toFixed(0)} ms after it listened again (${r.allBackMs.toFixed(0)} ms after the stop; restart ${r.restartMs.toFixed(0)} ms)`,
      );
    for (let i = 0; i < options.rounds; i++) {
      // hub, relay, then relay, hub: neither always follows the other's restart.
      const order: [string, Side][] = [
        ['hub', hub],
        ['relay', relay],
      ];
      if (i % 2 === 1) order.reverse();
      for (const [name, side] of order) say(name, await side.restart());
    }
    return { hub: hub.result(), relay: relay.result() };
  } finally {
    for (const side of sides) await side.close();
  }
}
