import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachRealtime, createWebServer } from '@onestop/http';
import type { HealthLink } from '@onestop/shared';
import type { Hub } from '../hub.js';
import { dummyPinHash } from '../auth.js';
import { GuessLimiter } from './guess-limit.js';
import { hubHttpError, hubNotFound, isLoopback, registerHubRoutes } from './http.js';
import { OriginPolicy } from './origins.js';
import { Sessions } from './sessions.js';
import { attachSockets, type HubIoServer } from './sockets.js';
import type { TlsFiles } from './tls.js';

export interface ServerOptions {
  hub: Hub;
  host: string;
  port: number;
  /** Folder of built pages (`<dir>/kiosk/index.html`, ...), or null for none yet. */
  pagesDir: string | null;
  /** How often the hub looks at the clock: day rollover, parked tickets whose time has come. */
  tickMs?: number;
  /** A client further behind than this many events resyncs from a snapshot. */
  catchUpLimit?: number;
  /**
   * Development only (`--message-rate`, the bench): each connection may send this many
   * messages a second, twice as many at once; default the hall's 100 (server/pipeline.ts).
   */
  messagesPerS?: number;
  /** The kiosks' batches are gathered this long into one message (server/sockets.ts). */
  kioskBatchMs?: number;
  /** The displays' batches are gathered this long, a call's sent at once (server/sockets.ts). */
  displayBatchMs?: number;
  /** Serve HTTPS and WSS with this certificate and key (server/tls.ts); plain HTTP without. */
  tls?: TlsFiles | null;
  /** Origins of browser pages allowed besides the hub's own addresses (`--allow-origin`). */
  allowOrigins?: readonly string[];
  /**
   * Whether a caller at this address is the hub's local operator, who sees the full
   * `/api/health`; default: the loopback addresses (a caller on the hub's own machine).
   */
  isOperator?: (address: string) => boolean;
  /** The hall link's state for `/api/health` (features/region-link); default: not linked. */
  linkHealth?: () => HealthLink;
}

export interface RunningServer {
  readonly http: HttpServer;
  readonly io: HubIoServer;
  readonly port: number;
  readonly url: string;
  readonly sessions: Sessions;
  close(): Promise<void>;
}

export class ListenError extends Error {}

/** How often the hub checks that its database files are still in place (a few `stat`s). */
export const STORE_WATCH_MS = 1_000;

/**
 * How many connections the kernel may hold for the hub before its event loop takes them (the
 * `listen` backlog; Linux caps it at `net.core.somaxconn`, 4,096 by default). Node's default is
 * 511: when a hall's displays, kiosks and window terminals all come back at once after a restart,
 * the hub is busy taking the first of them, and with 511 the queue overflowed and the kernel
 * dropped the rest's SYNs; each then waited a second for TCP to send it again, so a thousand
 * displays took ~1.4 s to come back instead of ~0.7 s (bench/README.md, "The accept queue").
 */
export const LISTEN_BACKLOG = 4_096;

/** How long `close` lets open HTTP connections finish before it cuts them. */
export const CLOSE_GRACE_MS = 2_000;

/** Serves the pages, the HTTP API and the Socket.IO namespaces of one hub. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { hub } = options;
  const sessions = new Sessions(hub.now);
  const startedAt = hub.now();
  const tls = options.tls ?? null;
  let listeningPort = -1;
  const origins = new OriginPolicy({
    host: options.host,
    port: () => listeningPort,
    tls: tls !== null,
    allowed: options.allowOrigins ?? [],
  });
  const app = createWebServer({
    tls,
    mapError: hubHttpError,
    notFound: hubNotFound,
    onUnexpected: (err) => console.error('onestop-hub: http error', err),
  });
  await registerHubRoutes(app, {
    hub,
    sessions,
    startedAt,
    pagesDir: options.pagesDir,
    origins,
    pairGuesses: new GuessLimiter(hub.now),
    isOperator: options.isOperator ?? isLoopback,
    linkHealth: options.linkHealth ?? (() => ({ state: 'not_linked' })),
  });
  // Made now, so the first login of an unknown code takes no longer than the next (auth.ts).
  void dummyPinHash();
  const http: HttpServer = app.server;
  const io = attachRealtime(app, (server) =>
    attachSockets(server, hub, sessions, {
      origins,
      ...(options.catchUpLimit === undefined ? {} : { catchUpLimit: options.catchUpLimit }),
      ...(options.messagesPerS === undefined
        ? {}
        : { messageRate: { burst: 2 * options.messagesPerS, perS: options.messagesPerS } }),
      ...(options.kioskBatchMs === undefined ? {} : { kioskBatchMs: options.kioskBatchMs }),
      ...(options.displayBatchMs === undefined ? {} : { displayBatchMs: options.displayBatchMs }),
    }),
  );
  await app.ready();

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${options.port} is already in use on ${options.host}: stop the other program or choose --port`
          : err.code === 'EACCES'
            ? `not allowed to listen on ${options.host}:${options.port}: choose a port above 1024`
            : `cannot listen on ${options.host}:${options.port}: ${err.message}`;
      reject(new ListenError(why));
    };
    http.once('error', onError);
    http.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => {
      http.off('error', onError);
      resolve();
    });
  });

  const tick = () => {
    try {
      hub.rollDay();
      hub.tick();
    } catch (err) {
      console.error('onestop-hub: clock tick failed', err);
    }
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? 15_000);
  timer.unref();
  // The database files looked at between commands too: a deleted -wal is noticed (and what the
  // hub holds saved) within a second even when the hall is quiet.
  const watch = setInterval(() => {
    try {
      hub.watchStore();
    } catch (err) {
      console.error('onestop-hub: looking at the database files failed', err);
    }
  }, STORE_WATCH_MS);
  watch.unref();

  const port = (http.address() as AddressInfo).port;
  listeningPort = port;
  const shownHost =
    options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    http,
    io,
    port,
    url: `${tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    sessions,
    close: async () => {
      clearInterval(timer);
      clearInterval(watch);
      // The HTTP server closes once every connection has ended; one that never ends (a request
      // half sent, a response its client stopped reading) would hold the hub's stop for good,
      // so what is still open after a grace is cut (its client tries again once the hub is back).
      const cut = setTimeout(() => http.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await io.close(); // also closes the HTTP server
      } finally {
        clearTimeout(cut);
      }
      await app.close();
    },
  };
}
