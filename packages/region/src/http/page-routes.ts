import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, HttpError, pageFile, pathOf, type WebServer } from '@onestop/http';
import { t } from '@onestop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RegionRoutesOptions } from './link-routes.js';

/** The pages the region serves, by path: each a folder of built files under the pages folder. */
export const REGION_PAGES = ['public'] as const;
export type RegionPage = (typeof REGION_PAGES)[number];

/** In a checkout: <repo>/dist/pages, made by `npm run build:pages`; null when not built. */
export function defaultRegionPagesDir(): string | null {
  const dir = fileURLToPath(new URL('../../../../dist/pages', import.meta.url));
  return existsSync(join(dir, 'public', 'index.html')) ? dir : null;
}

function notBuilt(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('public.title', 'zh')}</title></head>
<body><main><h1>${t('public.title', 'zh')} · ${t('public.title', 'en')}</h1>
<p>${t('public.notBuilt', 'zh')}</p><p lang="en">${t('public.notBuilt', 'en')}</p></main></body></html>`;
}

/** The region's home: where its pages are. */
function home(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>OneStop</title></head>
<body><main><h1>OneStop</h1><ul><li><a href="/public/">${t('public.title', 'zh')}</a></li><li><a href="/public/?lang=en" lang="en">${t('public.title', 'en')}</a></li></ul></main></body></html>`;
}

/**
 * The built pages (`/public/`, 阳光政务): files under their folder only, a path outside it a 404;
 * `index.html` for any other path under the page. Hashed assets are kept an hour by browsers,
 * the page itself is asked again each time.
 */
export async function pageRoutes(app: WebServer, options: RegionRoutesOptions): Promise<void> {
  const pagesDir = options.pagesDir === undefined ? defaultRegionPagesDir() : options.pagesDir;
  for (const page of REGION_PAGES) {
    const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const root = pagesDir === null ? null : resolve(pagesDir, page);
      if (root === null || !existsSync(join(root, 'index.html'))) {
        await reply.type('text/html; charset=utf-8').send(notBuilt());
        return;
      }
      const file = pageFile(root, pathOf(request).split('/').slice(2).join('/'));
      if (file === null) throw new HttpError(404, 'not_found', 'no such file');
      const asset = file.startsWith(join(root, 'assets'));
      await reply
        .header('Cache-Control', asset ? 'public, max-age=3600' : 'no-cache')
        .type(contentTypeOf(file))
        .send(readFileSync(file));
    };
    app.get(`/${page}`, serve);
    app.get(`/${page}/*`, serve);
  }
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(home()));
  // Browsers ask for it on every page; there is none, and that is no error.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.code(204).header('Cache-Control', 'max-age=86400').send(),
  );
  return Promise.resolve();
}
