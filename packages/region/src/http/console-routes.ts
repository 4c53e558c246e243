import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import { contentTypeOf, jsonRoutes, pageFile, type WebServer } from '@onestop/http';
import { t } from '@onestop/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  login,
  logout,
  SESSION_TTL_MS,
  sees,
  sessionAccount,
  type ConsoleAccount,
} from '../accounts.js';
import type { Region } from '../region.js';
import {
  ConsoleReportQuerySchema,
  reportCsv,
  reportFileName,
  reportScope,
  reportTable,
  reportXlsx,
} from '../report-export.js';
import { board, type BoardOptions } from '../supervision-board.js';
import { giveInstruction, listInstructions } from '../supervision.js';

/*
 * The regional console (docs/REGION.md, "The regional console"): its page at /region-console/,
 * its login, its live board over server-sent events, and the supervision instructions. Every
 * /api/console route but the login needs the session cookie; a supervisor sees only their halls.
 */

export const CONSOLE_COOKIE = 'onestop_region_session';
export const CONSOLE_PAGE = '/region-console/';

export interface ConsoleRoutesOptions {
  region: Region;
  /** The built pages (dist/pages); the console's is `region-console` in it. */
  pagesDir?: string | null;
  /** Logins per minute per address (default 10). */
  loginPerMinute?: number;
  board?: BoardOptions;
  /** How often the live stream sends the whole board even when nothing came (default 10 s). */
  refreshMs?: number;
}

/** <repo>/dist/pages from packages/region/dist/http/. */
export function defaultPagesDir(): string | null {
  const dir = fileURLToPath(new URL('../../../../dist/pages', import.meta.url));
  return existsSync(join(dir, 'region-console')) ? dir : null;
}

function cookieToken(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CONSOLE_COOKIE) return rest.join('=');
  }
  return null;
}

function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${CONSOLE_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/** A refusal in the one error shape of the HTTP rules (@onestop/http): `{ error: { code, message } }`. */
const refuse = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send({ error: { code, message } });

export const consoleRoutes: FastifyPluginAsync<ConsoleRoutesOptions> = async (app, options) => {
  await app.register(rateLimit, { global: false });
  // The console's POSTs take JSON bodies, read by the HTTP rules' own parser (415 for another
  // type, 400 for one that is not JSON); its GETs read none.
  await jsonRoutes(app, (app) => consoleApi(app, options));
};

function consoleApi(app: WebServer, options: ConsoleRoutesOptions): void {
  const { region } = options;
  const pagesDir = options.pagesDir === undefined ? defaultPagesDir() : options.pagesDir;

  const accountOf = async (request: FastifyRequest): Promise<ConsoleAccount | null> => {
    const token = cookieToken(request);
    return token === null ? null : sessionAccount(region.db, token, region.clock());
  };

  /** The account of the request, or null after answering 401. */
  const signedIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<ConsoleAccount | null> => {
    const account = await accountOf(request);
    if (account === null) await refuse(reply, 401, 'not_signed_in', 'sign in first');
    return account;
  };

  app.post(
    '/api/console/login',
    {
      bodyLimit: 4096,
      config: { rateLimit: { max: options.loginPerMinute ?? 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const done = await login(region.db, request.body, region.clock());
      if (done === null) return refuse(reply, 401, 'login_failed', 'wrong name or password');
      void reply.header(
        'set-cookie',
        sessionCookie(request, done.token, Math.floor(SESSION_TTL_MS / 1000)),
      );
      return reply.code(200).send({ account: done.account });
    },
  );

  app.post('/api/console/logout', { bodyLimit: 1024 }, async (request, reply) => {
    const token = cookieToken(request);
    if (token !== null) await logout(region.db, token);
    void reply.header('set-cookie', sessionCookie(request, '', 0));
    return reply.code(200).send({ ok: true });
  });

  app.get('/api/console/me', async (request, reply) => {
    const account = await signedIn(request, reply);
    if (account === null) return reply;
    return reply.send({ account });
  });

  app.get('/api/console/board', async (request, reply) => {
    const account = await signedIn(request, reply);
    if (account === null) return reply;
    return reply.send({ halls: await board(region.db, account, region.clock(), options.board) });
  });

  app.get('/api/console/instructions', async (request, reply) => {
    const account = await signedIn(request, reply);
    if (account === null) return reply;
    const query = request.query as Record<string, unknown>;
    const hallId = typeof query.hall === 'string' ? query.hall : undefined;
    if (hallId !== undefined && !sees(account, hallId)) {
      return refuse(reply, 403, 'forbidden', 'this hall is not among yours');
    }
    const instructions = await listInstructions(
      region.db,
      account,
      hallId === undefined ? {} : { hallId },
    );
    return reply.send({ instructions });
  });

  app.post('/api/console/instructions', { bodyLimit: 8192 }, async (request, reply) => {
    const account = await signedIn(request, reply);
    if (account === null) return reply;
    const outcome = await giveInstruction(region.db, account, request.body, region.clock());
    if (!outcome.ok) {
      const error =
        outcome.status === 400
          ? 'invalid_message'
          : outcome.status === 403
            ? 'forbidden'
            : 'not_found';
      return refuse(reply, outcome.status, error, outcome.message);
    }
    region.hallChanged(outcome.instruction.hallId);
    return reply.code(200).send({ instruction: outcome.instruction });
  });

  /*
   * A report across the account's halls (report-export.ts): JSON for the page, or a CSV or XLSX
   * file. A supervisor naming a hall not theirs is refused (403) before anything is read.
   */
  app.get('/api/console/report', async (request, reply) => {
    const account = await signedIn(request, reply);
    if (account === null) return reply;
    const parsed = ConsoleReportQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '(query)' : issue.path.join('.') || '(query)';
      return refuse(reply, 400, 'invalid_message', `${where}: ${issue?.message ?? 'bad query'}`);
    }
    const q = parsed.data;
    const scope = reportScope(account, q.halls?.split(','));
    if (!scope.ok)
      return refuse(reply, 403, 'forbidden', `hall ${scope.hallId} is not among yours`);
    const outcome = await region.reportAcross({
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      ...(scope.halls === undefined ? {} : { halls: scope.halls }),
    });
    if (!outcome.ok) return refuse(reply, 400, 'invalid_message', outcome.refusal.message);
    const report = outcome.value;
    const names = new Map((await region.listHalls()).map((h) => [h.id, h.name]));
    const table = reportTable(report, q.lang, names, await region.reportGroupNames(report, q.lang));
    switch (q.format) {
      case 'json':
        return reply.send({ report, table });
      case 'csv':
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${reportFileName(report, 'csv')}"`)
          .send(reportCsv(table));
      case 'xlsx':
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${reportFileName(report, 'xlsx')}"`)
          .send(await reportXlsx(table, t('region.report.sheet', q.lang)));
    }
  });

  /*
   * The live board as server-sent events: `board` (every hall) at once and every `refreshMs`,
   * `hall` (one hall's row) within moments of a change of it: a batch committed, its hub's poll,
   * an instruction given.
   */
  app.get('/api/console/live', async (request, reply) => {
    const account = await signedIn(request, reply);
    if (account === null) return reply;
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    let closed = false;
    const send = (event: string, data: unknown): void => {
      if (!closed) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const sendBoard = async (): Promise<void> => {
      send('board', { halls: await board(region.db, account, region.clock(), options.board) });
    };
    // One refresh of a hall at a time; a change during it is read after it.
    const pending = new Set<string>();
    let running = false;
    const drain = async (): Promise<void> => {
      if (running) return;
      running = true;
      try {
        while (pending.size > 0 && !closed) {
          const [hallId] = pending;
          if (hallId === undefined) break;
          pending.delete(hallId);
          const [row] = await board(region.db, account, region.clock(), {
            ...options.board,
            hallId,
          });
          if (row !== undefined) send('hall', row);
        }
      } finally {
        running = false;
      }
    };
    const fail = (err: unknown): void => request.log.error({ err }, 'live board failed');
    const off = region.onHallChange((hallId) => {
      if (!sees(account, hallId)) return;
      pending.add(hallId);
      drain().catch(fail);
    });
    const timer = setInterval(() => {
      sendBoard().catch(fail);
    }, options.refreshMs ?? 10_000);
    raw.on('close', () => {
      closed = true;
      off();
      clearInterval(timer);
    });
    await sendBoard().catch(fail);
  });

  // The console's page: its files, and its index.html for its own routes.
  const servePage = (rest: string, reply: FastifyReply): FastifyReply => {
    const root = pagesDir === null ? null : resolve(pagesDir, 'region-console');
    if (root === null || !existsSync(join(root, 'index.html'))) {
      return reply
        .code(200)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>区域监管平台 Regional console</title><p>页面尚未构建：npm run build:pages</p><p>The page is not built yet: npm run build:pages</p></html>',
        );
    }
    const file = pageFile(root, rest);
    if (file === null) return refuse(reply, 404, 'not_found', 'no such file');
    return reply.code(200).type(contentTypeOf(file)).send(readFileSync(file));
  };
  app.get('/region-console', (_request, reply) => reply.redirect(CONSOLE_PAGE));
  app.get(`${CONSOLE_PAGE}*`, (request, reply) => {
    const params = request.params as Record<string, unknown>;
    const rest = typeof params['*'] === 'string' ? params['*'] : '';
    return servePage(rest, reply);
  });
}
