import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Region } from '../region.js';
import { REGION_VERSION } from '../version.js';
import { consoleRoutes, type ConsoleRoutesOptions } from './console-routes.js';
import { linkRoutes, type LinkRoutesOptions } from './link-routes.js';

/** `/api/health`: the region's version and engine, 503 when its database does not answer. */
export const healthRoutes: FastifyPluginAsync<{ region: Region }> = (app, { region }) => {
  app.get('/api/health', async (_request, reply) => {
    try {
      await region.db.query('SELECT 1');
      return await reply.send({ ok: true, version: REGION_VERSION, engine: region.db.engine });
    } catch {
      return reply.code(503).send({ ok: false, version: REGION_VERSION, engine: region.db.engine });
    }
  });
  return Promise.resolve();
};

export interface RegionServerOptions {
  region: Region;
  /** Log requests (pino, to stdout); off by default. */
  logger?: boolean;
  limits?: LinkRoutesOptions['limits'];
  /** The regional console's page and API (console-routes.ts). */
  console?: Omit<ConsoleRoutesOptions, 'region'>;
}

/** The region's HTTP server: security headers, health, the hall link. Not yet listening. */
export async function buildRegionServer(options: RegionServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 });
  await app.register(helmet);
  await app.register(healthRoutes, { region: options.region });
  await app.register(linkRoutes, {
    region: options.region,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  await app.register(consoleRoutes, { ...options.console, region: options.region });
  return app;
}

/** Listens on host:port (port 0: a free one) and gives the server's base URL. */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the region server has no TCP address');
  }
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}
