import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  bodyOf,
  contentTypeOf,
  failureLimit,
  HttpError,
  jsonRoutes,
  MAX_BODY_BYTES,
  pageFile,
  pathOf,
  type WebServer,
} from '@onestop/http';
import {
  LoginRequestSchema,
  PairRequestSchema,
  QrRatingSchema,
  PROTOCOL_VERSION,
  ROLE_OF_DEVICE_KIND,
  t,
  type HealthLink,
  type HealthResponse,
  type Lang,
  type TextKey,
} from '@onestop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pairDevice } from '../features/devices/devices.js';
import { storeFailed, type Hub } from '../hub.js';
import { StoreError } from '../store/index.js';
import type { GuessLimiter } from './guess-limit.js';
import type { OriginPolicy } from './origins.js';
import { callerAddress, checkStaffLogin, type Sessions } from './sessions.js';
import { HUB_VERSION } from '../version.js';
import { ticketStatusResponse } from '../features/ticket-status/ticket-status.js';
import { rateByQr } from '../features/ratings/qr-rating.js';

export { MAX_BODY_BYTES };

/**
 * The pages the hub serves, by path: each app's built renderer folder, when it has been built;
 * each named by its key in the hall's table of texts.
 */
export const PAGES = {
  kiosk: 'device_kind.kiosk',
  window: 'device_kind.window_terminal',
  rate: 'device_kind.rating_pad',
  display: 'device_kind.display',
  admin: 'admin.title',
} as const satisfies Record<string, TextKey>;
export type PageName = keyof typeof PAGES;

const pageName = (name: PageName, lang: Lang): string => t(PAGES[name], lang);

export interface HttpContext {
  hub: Hub;
  sessions: Sessions;
  startedAt: number;
  /** Folder holding `<page>/index.html` for each built app. */
  pagesDir: string | null;
  /** Which browser pages may use the hub (their `Origin`). */
  origins: OriginPolicy;
  /** Failed pairing codes by address. */
  pairGuesses: GuessLimiter;
  /** A caller at this address is the hub's local operator (full `/api/health`). */
  isOperator: (address: string) => boolean;
  /** The hall link's state (features/region-link), for `/api/health`. */
  linkHealth: () => HealthLink;
}

/** The loopback addresses: a caller on the hub's own machine. */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

function send(reply: FastifyReply, status: number, body: string | Buffer, type: string): void {
  void reply.code(status).type(type).send(body);
}

const sendJson = (reply: FastifyReply, body: unknown): void =>
  send(reply, 200, JSON.stringify(body), JSON_TYPE);

const addressOf = (request: FastifyRequest): string =>
  callerAddress(request.raw.socket.remoteAddress);

/** The hub's errors in HTTP's words: a locked or lost database is said as such (503). */
export function hubHttpError(err: unknown): HttpError | null {
  if (!(err instanceof StoreError)) return null;
  const { code, message } = storeFailed(err);
  return new HttpError(503, code, message);
}

/** What the hub answers to anything it has no route for. */
export function hubNotFound(method: string, path: string): HttpError {
  if (path.startsWith('/api/'))
    return new HttpError(404, 'not_found', `no route ${method} ${path}`);
  if (method !== 'GET' && method !== 'HEAD')
    return new HttpError(405, 'method_not_allowed', 'GET only');
  return new HttpError(404, 'not_found', `no page ${path}`);
}

/** An admin's console session in `Authorization: Bearer <token>`. */
function isAdmin(ctx: HttpContext, authorization: string | undefined): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
  return match?.[1] !== undefined && ctx.sessions.get(match[1])?.role === 'admin';
}

/**
 * `/api/health`: anyone may ask whether the hub is up; where its database lives, how large it
 * is and what the hall is doing is for its operator (on this machine) and its admins (`full`).
 */
export function healthAnswer(
  ctx: HttpContext,
  full: boolean,
): HealthResponse | { status: 'ok'; version: string } {
  const { hub } = ctx;
  if (!full) return { status: 'ok', version: HUB_VERSION };
  const day = hub.current.day;
  // Answered at once even while another program holds the write lock: commands wait for it
  // off the event loop, and `store` says so.
  const store = hub.storeHealth();
  return {
    status: store.state === 'ok' ? 'ok' : 'degraded',
    version: HUB_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    uptimeS: Math.round((hub.now() - ctx.startedAt) / 1000),
    hall: hub.config.hall.name,
    businessDay: day?.businessDay ?? null,
    dayStatus: day?.status ?? null,
    db: hub.store.facts(),
    store,
    link: ctx.linkHealth(),
  };
}

/** The hall's name comes from its configuration: shown as text, never as markup. */
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function placeholderPage(name: PageName): string {
  const [zh, en] = [pageName(name, 'zh'), pageName(name, 'en')];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>OneStop · ${zh} ${en}</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:3rem;line-height:1.6;color:#1a1a1a}h1{font-size:2rem}</style></head>
<body><h1>${zh} · ${en}</h1>
<p>${t('hub.pageNotBuilt', 'zh')}</p>
<p>${t('hub.pageNotBuilt', 'en')}</p>
<p><a href="/api/health">/api/health</a></p></body></html>`;
}

function servePage(ctx: HttpContext, name: PageName, path: string, reply: FastifyReply): void {
  const root = ctx.pagesDir ? resolve(ctx.pagesDir, name) : null;
  if (!root || !existsSync(join(root, 'index.html'))) {
    send(reply, 200, placeholderPage(name), HTML);
    return;
  }
  const file = pageFile(root, path.split('/').slice(2).join('/'));
  if (file === null) throw new HttpError(404, 'not_found', 'no such file');
  send(reply, 200, readFileSync(file), contentTypeOf(file));
}

function homePage(ctx: HttpContext): string {
  const links = (Object.keys(PAGES) as PageName[])
    .map((p) => `<li><a href="/${p}">${pageName(p, 'zh')} · ${pageName(p, 'en')}</a></li>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>OneStop</title></head><body><h1>OneStop · ${escapeHtml(ctx.hub.config.hall.name.zh)}</h1><ul>${links}</ul></body></html>`;
}

/** The hub's routes: the pages, the ticket status pages and the API, on `app`. */
export async function registerHubRoutes(app: WebServer, ctx: HttpContext): Promise<void> {
  const { hub } = ctx;

  // A browser's request from another site's page (or a DNS-rebound name) is refused before it
  // does anything; devices and tools send no Origin.
  app.addHook('onRequest', (request, _reply, done) => {
    const origin = request.headers.origin;
    if (!ctx.origins.allowsRequest(origin, request.headers.host)) {
      done(new HttpError(403, 'forbidden', ctx.origins.refusal(origin ?? '')));
      return;
    }
    done();
  });

  // GET only: a HEAD is answered as today, with no route (404).
  app.get('/api/health', { exposeHeadRoute: false }, async (request, reply) => {
    const full = ctx.isOperator(addressOf(request)) || isAdmin(ctx, request.headers.authorization);
    sendJson(reply, healthAnswer(ctx, full));
  });

  await jsonRoutes(app, async (scope) => {
    const pairGuesses = await failureLimit(scope, ctx.pairGuesses, {
      key: addressOf,
      refusal: (seconds) =>
        `too many wrong pairing codes from this address: try again in ${seconds} s`,
    });
    // Refused before the code (or the body) is looked at.
    scope.post('/api/pair', { onRequest: pairGuesses.check }, async (request, reply) => {
      const body = bodyOf(request, PairRequestSchema);
      const paired = pairDevice(hub.store, body.code, hub.now());
      if (!paired) {
        await pairGuesses.fail(request);
        throw new HttpError(400, 'unauthorized', 'the pairing code is unknown, used or expired');
      }
      const { device, token } = paired;
      sendJson(reply, {
        deviceId: device.id,
        kind: device.kind,
        windowId: device.windowId,
        token,
        role: ROLE_OF_DEVICE_KIND[device.kind],
      });
    });

    scope.post('/api/login', async (request, reply) => {
      const body = bodyOf(request, LoginRequestSchema);
      const login = await checkStaffLogin(hub, ctx.sessions.logins, {
        staffCode: body.staffCode,
        pin: body.pin,
        address: addressOf(request),
      });
      if (!login.ok)
        throw new HttpError(login.code === 'locked_out' ? 429 : 401, login.code, login.message);
      if (login.staff.role === 'clerk') {
        throw new HttpError(403, 'forbidden', 'the admin console is for supervisors and admins');
      }
      const { token, session } = ctx.sessions.create(login.staff);
      sendJson(reply, {
        token,
        role: session.role,
        name: session.name,
        expiresAt: session.expiresAt,
      });
    });

    // 好差评 by QR code: the ticket's status page rates its finished step (features/ratings).
    scope.post('/t/*', async (request, reply) => {
      const token = /^\/t\/([A-Za-z0-9_-]{20,100})\/rate$/.exec(pathOf(request))?.[1];
      if (token === undefined) throw new HttpError(404, 'not_found', 'no such ticket today');
      const answer = await rateByQr(hub, token, bodyOf(request, QrRatingSchema));
      if (answer.ok) {
        sendJson(reply, answer);
        return;
      }
      const { status, text, ...refusal } = answer.refusal;
      const body = { error: { ...refusal, message: text.en, text } };
      send(reply, status, JSON.stringify(body), JSON_TYPE);
    });
  });

  // Browsers ask for it on every page; there is none, and that is no error.
  app.all('/favicon.ico', async (_request, reply) => {
    void reply.code(204).header('Cache-Control', 'max-age=86400').send();
  });

  app.get('/t/*', async (request, reply) => {
    send(reply, ...ticketStatusResponse(hub.current, pathOf(request), hub.now(), ctx.pagesDir));
  });

  const home = async (_request: FastifyRequest, reply: FastifyReply): Promise<void> =>
    send(reply, 200, homePage(ctx), HTML);
  app.get('/', home);
  // A path that begins with two slashes has always been the home page too.
  app.get('//*', home);

  for (const name of Object.keys(PAGES) as PageName[]) {
    const page = async (request: FastifyRequest, reply: FastifyReply): Promise<void> =>
      servePage(ctx, name, pathOf(request), reply);
    app.get(`/${name}`, page);
    app.get(`/${name}/*`, page);
  }
}
