import rateLimit from '@fastify/rate-limit';
import type { WebServer } from '@onestop/http';
import { PUBLIC_NOW_PATH, type PublicNow } from '@onestop/shared';
import { PublicNowFold } from '../store/public-now.js';
import type { RegionRoutesOptions } from './link-routes.js';

/** How long one reading of the halls serves every asker (ms), and how long browsers keep it (s). */
const FRESH_MS = 5_000;
const BROWSER_MAX_AGE_S = 10;

/**
 * 阳光政务's figures (`GET /api/public/now`): every hall now, nothing personal. One reading of
 * the store serves every asker for a few seconds, browsers and proxies keep it a few more, and
 * each address may ask a limited number of times a minute (default 120).
 */
export async function publicRoutes(app: WebServer, options: RegionRoutesOptions): Promise<void> {
  const fold = new PublicNowFold(options.region.db);
  let last: { at: number; json: string } | null = null;
  const max = options.limits?.publicPerMinute ?? 120;
  await app.register(async (scope: WebServer) => {
    await scope.register(rateLimit, { global: false });
    scope.get(
      PUBLIC_NOW_PATH,
      { config: { rateLimit: { max, timeWindow: '1 minute' } } },
      async (_request, reply) => {
        const now = Date.now();
        if (last === null || now - last.at >= (options.publicFreshMs ?? FRESH_MS)) {
          const answer: PublicNow = { at: now, halls: await fold.read() };
          last = { at: now, json: JSON.stringify(answer) };
        }
        return reply
          .header('Cache-Control', `public, max-age=${BROWSER_MAX_AGE_S}`)
          .type('application/json; charset=utf-8')
          .send(last.json);
      },
    );
  });
}
