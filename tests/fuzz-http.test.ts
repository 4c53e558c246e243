import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, serializeState } from '@onestop/shared';
import { fuzzTimeoutMs, replayHint, seedFor } from './support/fuzz.js';
import { errorBody, PagesHub, rawRequest, type RawResponse } from './support/hostile-http.js';
import { anyValue } from './support/hostile-payloads.js';
import { scaled } from './support/mode.js';

/*
 * Every HTTP route fuzzed: methods, request targets (traversal, encodings, the routes' own
 * prefixes with anything after), headers and bodies. Never a 500 or a dropped connection, every
 * error a JSON body with a known code, the security headers on every answer, no file from
 * outside the pages folder, and the hall's data as it was.
 */

const REQUESTS = scaled(1_500, 30_000);
const CODES: ReadonlySet<string> = new Set([...ERROR_CODES, 'not_found', 'method_not_allowed']);

let pages: PagesHub;
const errors = vi.spyOn(console, 'error');

beforeAll(async () => {
  pages = await PagesHub.start();
});
afterAll(async () => {
  await pages.close();
  errors.mockRestore();
});

const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'health',
    'pair',
    'login',
    'kiosk',
    'window',
    'rate',
    'display',
    'admin',
    't',
    'assets',
    'app.js',
    'index.html',
    'secret.txt',
    'socket.io',
    '..',
    '.',
    '',
    '%2e%2e',
    '%2f',
    '%5c',
    '..%2f',
    '%00',
    '%c0%ae',
    '%',
    '%zz',
    '..\\..',
    '~',
    'favicon.ico',
    '💥',
    '汉字',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }).map((s) => s.replace(/[\s#?]/g, '')),
);

const target = fc.oneof(
  { weight: 8, arbitrary: fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(segment, { maxLength: 4 }), fc.string({ maxLength: 30 }))
      .map(([s, q]) => `/${s.join('/')}?${encodeURIComponent(q)}=${encodeURIComponent(q)}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '*',
      '//',
      '///x',
      'http://[',
      'http://x/kiosk',
      `/${'a/'.repeat(2_000)}`,
    ),
  },
);

const method = fc.constantFrom(
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'X',
);

const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/jsonx',
      'text/plain',
      'multipart/form-data; boundary=x',
      '',
    ),
    accept: fc.constantFrom('*/*', 'text/html', 'application/json', 'x'.repeat(4_000)),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*'),
    range: fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=99999999-', 'nonsense'),
    'if-none-match': fc.constantFrom('*', '"x"', 'W/"x"'),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1', '<script>'),
    cookie: fc.constantFrom('a=b', 'token=x'.repeat(100)),
  },
  { requiredKeys: [] },
);

const body = fc.option(
  fc.oneof(
    anyValue.map((v) => JSON.stringify(v) ?? ''),
    fc.constantFrom('{"code":"ABCD2345"}', '{"staffCode":"ADMIN","pin":"0000"}', '{', ''),
    fc.string({ maxLength: 200 }),
  ),
  { nil: undefined },
);

/** What no request may change: the log, the tickets, devices, pairing codes, PIN attempts, memory. */
function dumpHallOf(h: PagesHub): unknown {
  const db = new Database(join(h.dir, 'hall.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return {
      events: db.prepare('SELECT * FROM events ORDER BY seq').all(),
      tickets: db.prepare('SELECT * FROM tickets ORDER BY id').all(),
      devices: db.prepare('SELECT id, token_hash, paired_at, revoked_at FROM devices').all(),
      codes: db.prepare('SELECT * FROM pairing_codes ORDER BY code_hash').all(),
      staff: db.prepare('SELECT * FROM staff_credentials ORDER BY staff_code').all(),
      memory: serializeState(h.hub.current, h.hub.store.lastSeq(), 0),
    };
  } finally {
    db.close();
  }
}

/** Engine.IO's own refusal of a request under /socket.io/ (its protocol, its codes). */
function engineIoError(res: RawResponse): boolean {
  try {
    const body = JSON.parse(res.body) as { code?: unknown; message?: unknown };
    return typeof body.code === 'number' && typeof body.message === 'string';
  } catch {
    return false;
  }
}

function sane(res: RawResponse, m: string, t: string): string | null {
  if (res.status >= 500) return `status ${res.status}`;
  const path = t.split('?')[0] ?? '';
  if (res.status >= 400 && m !== 'HEAD' && res.body !== '') {
    const code = errorBody(res)?.code ?? '';
    const ok =
      CODES.has(code) ||
      (path.startsWith('/socket.io/') && engineIoError(res)) ||
      // A visitor's ticket page that is not found is a page, for a phone's browser.
      (path.startsWith('/t/') && String(res.headers['content-type']).startsWith('text/html'));
    if (!ok) return `error body ${res.body.slice(0, 100)}`;
  }
  if (res.body.includes(pages.secret)) return 'served the secret';
  // Node's own parser refuses some targets before the hub sees them (an empty 400).
  if (res.status !== 400 || res.body !== '') {
    if (!String(res.headers['content-security-policy'] ?? '').includes("default-src 'self'"))
      return 'no CSP';
    if (res.headers['x-content-type-options'] !== 'nosniff') return 'no nosniff';
  }
  return null;
}

describe('fuzzed HTTP requests', () => {
  it(
    `answers ${REQUESTS} requests sanely and changes nothing`,
    async () => {
      const label = 'http requests';
      const requests = fc.sample(fc.tuple(method, target, headers, body), {
        seed: seedFor(label),
        numRuns: REQUESTS,
      });
      const before = dumpHallOf(pages);
      const wrong: string[] = [];
      for (const [m, t, h, b] of requests) {
        const withBody = b !== undefined && m !== 'GET' && m !== 'HEAD';
        let res: RawResponse;
        try {
          res = await rawRequest(pages.url, t, {
            method: m,
            headers: Object.fromEntries(Object.entries(h).filter(([, v]) => v !== '')),
            ...(withBody ? { body: b } : {}),
          });
        } catch (err) {
          // The request could not even be sent (Node refuses such a target or header itself).
          if (
            err instanceof TypeError ||
            (err as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR'
          )
            continue;
          wrong.push(`${m} ${t.slice(0, 80)}: ${String(err)}`);
          continue;
        }
        const problem = sane(res, m, t);
        if (problem)
          wrong.push(`${m} ${t.slice(0, 80)} ${JSON.stringify(h).slice(0, 80)}: ${problem}`);
      }
      expect([replayHint(label), ...wrong.slice(0, 10)]).toEqual([replayHint(label)]);
      expect(dumpHallOf(pages)).toEqual(before);
      expect((await rawRequest(pages.url, '/api/health')).status).toBe(200);
      const failures = errors.mock.calls
        .map((args) => args.map(String).join(' '))
        .filter((line) => line.startsWith('onestop-hub'));
      expect(failures).toEqual([]);
    },
    fuzzTimeoutMs(300_000),
  );
});
