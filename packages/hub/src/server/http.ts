import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import {
  LoginRequestSchema,
  PairRequestSchema,
  PROTOCOL_VERSION,
  ROLE_OF_DEVICE_KIND,
  safeParseInput,
  t,
  type HealthLink,
  type HealthResponse,
  type Lang,
  type TextKey,
} from '@onestop/shared';
import type { ZodType } from 'zod';
import { pairDevice } from '../features/devices/devices.js';
import { storeFailed, type Hub } from '../hub.js';
import { StoreError } from '../store/index.js';
import type { GuessLimiter } from './guess-limit.js';
import type { OriginPolicy } from './origins.js';
import { callerAddress, checkStaffLogin, type Sessions } from './sessions.js';
import { HUB_VERSION } from '../version.js';
import { ticketStatusResponse } from '../features/ticket-status/ticket-status.js';

export const MAX_BODY_BYTES = 16 * 1024;

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

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; media-src 'self' data: blob:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'Content-Type': type,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

/** An admin's console session in `Authorization: Bearer <token>`. */
function isAdmin(ctx: HttpContext, req: IncomingMessage): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '');
  return match?.[1] !== undefined && ctx.sessions.get(match[1])?.role === 'admin';
}

async function readJson<T>(req: IncomingMessage, schema: ZodType<T>): Promise<T> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new HttpError(415, 'invalid_message', 'send the body as application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY_BYTES) {
        throw new HttpError(
          413,
          'message_too_large',
          `the body is larger than ${MAX_BODY_BYTES} bytes`,
        );
      }
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // The client went away in the middle of its body: its error, not the hub's.
    throw new HttpError(400, 'invalid_message', 'the request body was cut off');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_message', 'the body is not valid JSON');
  }
  const parsed = safeParseInput(schema, raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new HttpError(400, 'invalid_message', fields.join('; '));
  }
  return parsed.data;
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

function servePage(ctx: HttpContext, name: PageName, rest: string, res: ServerResponse): void {
  const root = ctx.pagesDir ? resolve(ctx.pagesDir, name) : null;
  if (!root || !existsSync(join(root, 'index.html'))) {
    send(res, 200, placeholderPage(name), MIME['.html'] ?? 'text/html');
    return;
  }
  const target = resolve(root, normalize(rest).replace(/^([/\\])+/, ''));
  if (target !== root && !target.startsWith(root + sep))
    throw new HttpError(404, 'not_found', 'no such file');
  const file = existsSync(target) && statSync(target).isFile() ? target : join(root, 'index.html');
  send(res, 200, readFileSync(file), MIME[extname(file)] ?? 'application/octet-stream');
}

async function route(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://hub.invalid');
  } catch {
    // A request target no URL parser takes (`//`, `http://[`): the client's error, not a 500.
    throw new HttpError(400, 'invalid_message', 'the request target is not a valid URL');
  }
  const path = url.pathname;
  const { hub } = ctx;
  const address = callerAddress(req.socket.remoteAddress);

  // A browser's request from another site's page (or a DNS-rebound name) is refused before it
  // does anything; devices and tools send no Origin.
  const origin = req.headers.origin;
  if (!ctx.origins.allowsRequest(origin, req.headers.host)) {
    throw new HttpError(403, 'forbidden', ctx.origins.refusal(origin ?? ''));
  }

  if (path === '/api/health' && req.method === 'GET') {
    // Anyone may ask whether the hub is up; where its database lives, how large it is and what
    // the hall is doing is for its operator (on this machine) and its admins.
    if (!ctx.isOperator(address) && !isAdmin(ctx, req)) {
      sendJson(res, 200, { status: 'ok', version: HUB_VERSION });
      return;
    }
    const day = hub.current.day;
    // Answered at once even while another program holds the write lock: commands wait for it
    // off the event loop, and `store` says so.
    const store = hub.storeHealth();
    sendJson(res, 200, {
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
    } satisfies HealthResponse);
    return;
  }
  if (path === '/api/pair' && req.method === 'POST') {
    const waitMs = ctx.pairGuesses.waitMs(address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpError(
        429,
        'rate_limited',
        `too many wrong pairing codes from this address: try again in ${seconds} s`,
        { 'Retry-After': String(seconds) },
      );
    }
    const body = await readJson(req, PairRequestSchema);
    const paired = pairDevice(hub.store, body.code, hub.now());
    if (!paired) {
      ctx.pairGuesses.fail(address);
      throw new HttpError(400, 'unauthorized', 'the pairing code is unknown, used or expired');
    }
    const { device, token } = paired;
    sendJson(res, 200, {
      deviceId: device.id,
      kind: device.kind,
      windowId: device.windowId,
      token,
      role: ROLE_OF_DEVICE_KIND[device.kind],
    });
    return;
  }
  if (path === '/api/login' && req.method === 'POST') {
    const body = await readJson(req, LoginRequestSchema);
    const login = await checkStaffLogin(hub, ctx.sessions.logins, {
      staffCode: body.staffCode,
      pin: body.pin,
      address,
    });
    if (!login.ok)
      throw new HttpError(login.code === 'locked_out' ? 429 : 401, login.code, login.message);
    if (login.staff.role === 'clerk') {
      throw new HttpError(403, 'forbidden', 'the admin console is for supervisors and admins');
    }
    const { token, session } = ctx.sessions.create(login.staff);
    sendJson(res, 200, {
      token,
      role: session.role,
      name: session.name,
      expiresAt: session.expiresAt,
    });
    return;
  }
  if (path === '/favicon.ico') {
    // Browsers ask for it on every page; there is none, and that is no error.
    res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'max-age=86400' });
    res.end();
    return;
  }
  if (path.startsWith('/api/'))
    throw new HttpError(404, 'not_found', `no route ${req.method ?? ''} ${path}`);

  if (req.method !== 'GET' && req.method !== 'HEAD')
    throw new HttpError(405, 'method_not_allowed', 'GET only');
  if (path.startsWith('/t/'))
    return send(res, ...ticketStatusResponse(hub.current, path, hub.now(), ctx.pagesDir));
  const [, first = '', ...rest] = path.split('/');
  if (first === '') {
    const links = (Object.keys(PAGES) as PageName[])
      .map((p) => `<li><a href="/${p}">${pageName(p, 'zh')} · ${pageName(p, 'en')}</a></li>`)
      .join('');
    send(
      res,
      200,
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>OneStop</title></head><body><h1>OneStop · ${escapeHtml(hub.config.hall.name.zh)}</h1><ul>${links}</ul></body></html>`,
      'text/html; charset=utf-8',
    );
    return;
  }
  if (first in PAGES) {
    servePage(ctx, first as PageName, rest.join('/'), res);
    return;
  }
  throw new HttpError(404, 'not_found', `no page ${path}`);
}

export function createHttpHandler(
  ctx: HttpContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
      } else if (err instanceof StoreError) {
        // Pairing and logins write too: a locked or lost database is said as such.
        const { code, message } = storeFailed(err);
        sendJson(res, 503, { error: { code, message } });
      } else {
        console.error('onestop-hub: http error', err);
        if (!res.headersSent)
          sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      }
    });
  };
}
