import { Server as HttpsServer } from 'node:https';
import { createWebServer, type TlsFiles, type WebServer } from '@onestop/http';
import { REGION_VERSION } from '../version.js';
import { bookingRoutes } from './booking-routes.js';
import { consoleRoutes, type ConsoleRoutesOptions } from './console-routes.js';
import type { BookingLimits } from './edge-routes.js';
import { linkRoutes, type RegionRoutesOptions } from './link-routes.js';
import { pageRoutes } from './page-routes.js';
import { publicRoutes } from './public-routes.js';
import { publicStatusRoutes } from './public-status-routes.js';
import { remoteRoutes } from './remote-routes.js';

/** `/api/health`: the region's version and engine, 503 when its database does not answer. */
export async function healthRoutes(app: WebServer, { region }: RegionRoutesOptions): Promise<void> {
  app.get('/api/health', async (_request, reply) => {
    try {
      await region.db.query('SELECT 1');
      return await reply.send({ ok: true, version: REGION_VERSION, engine: region.db.engine });
    } catch {
      return reply.code(503).send({ ok: false, version: REGION_VERSION, engine: region.db.engine });
    }
  });
  return Promise.resolve();
}

export interface RegionServerOptions extends RegionRoutesOptions {
  /** Log each request (one JSON line on stdout); off by default. */
  logger?: boolean;
  /** Serve HTTPS with this certificate and key (`loadTls` of @onestop/http). */
  tls?: TlsFiles | null;
  /** Told of every error that is the region's fault (a 500); the client sees no detail. */
  onUnexpected?: (err: unknown) => void;
  /** The regional console's page and API (console-routes.ts). */
  console?: Omit<ConsoleRoutesOptions, 'region'>;
  /** Booking from the phone: its limits per address (booking-routes.ts). */
  booking?: BookingLimits;
  /** A relay (`onestop-region relay`): the public edge and the link only, no console. */
  relay?: boolean;
}

/**
 * The region's HTTP server on the HTTP rules it shares with the hub (@onestop/http): security
 * headers, body limits, one error shape, the request target as the URL standard reads it. Each
 * routes plugin is one line below; a new one (the console's, say) is one more. Not yet listening.
 */
export async function buildRegionServer(options: RegionServerOptions): Promise<WebServer> {
  const app = createWebServer({
    tls: options.tls ?? null,
    onUnexpected:
      options.onUnexpected ?? ((err) => console.error('onestop-region: http error', err)),
  });
  if (options.logger === true) {
    app.addHook('onResponse', (request, reply, done) => {
      const line = { at: new Date().toISOString(), method: request.method, url: request.url };
      console.log(JSON.stringify({ ...line, status: reply.statusCode }));
      done();
    });
  }
  await healthRoutes(app, options);
  await linkRoutes(app, options);
  await publicRoutes(app, options);
  await bookingRoutes(app, options);
  await publicStatusRoutes(app, options);
  await remoteRoutes(app, options);
  await pageRoutes(app, options);
  if (options.relay !== true) {
    await app.register(consoleRoutes, { ...options.console, region: options.region });
  }
  return app;
}

/** Listens on host:port (port 0: a free one) and gives the server's base URL. */
export async function listen(app: WebServer, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the region server has no TCP address');
  }
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${app.server instanceof HttpsServer ? 'https' : 'http'}://${shownHost}:${address.port}`;
}
