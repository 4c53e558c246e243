import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, LIMITS } from '@onestop/shared';
import { fuzzTimeoutMs, replayHint, seedFor } from './fuzz.js';
import { anyValue } from './hostile-payloads.js';
import { errorBody, rawBytesThenHangUp, rawRequest, type RawResponse } from './hostile-http.js';
import { scaled } from './mode.js';

/*
 * The hostile HTTP requests every server built on @onestop/http must shrug off, as a suite that
 * takes the server's base URL and the routes to attack: the hub runs it (fuzz-http.test.ts), the
 * region server can run the same set. Never a 500 or a dropped connection, every error a JSON
 * body with a known code, the security headers on every answer, no file from outside the pages
 * folder, no body past the limit, and the server's data as it was.
 */

/** Request targets no URL parser takes: a 4xx, never a 500. */
export const UNPARSEABLE_TARGETS: readonly string[] = [
  '//',
  '///',
  '//[',
  'http://[',
  'http://[::1/api/health',
  'http://:99999/',
  'http://a%zz/',
  '//a:b:c/kiosk',
  'http://',
  'https://x:-1/api/login',
  '*',
  'x',
  '?',
  '#',
];

/**
 * Ways out of the page at `page` (`/kiosk`) towards `secret.txt`, which lies next to the pages
 * folder, in it, and in a sibling folder `<page>-evil` whose name starts like the page's.
 */
export function traversalsFrom(page: string): string[] {
  return [
    `${page}/../secret.txt`,
    `${page}/../../secret.txt`,
    `${page}/../../../../../../etc/passwd`,
    `${page}/..%2f..%2fsecret.txt`,
    `${page}/..%2F..%2F..%2Fetc%2Fpasswd`,
    `${page}/%2e%2e/%2e%2e/secret.txt`,
    `${page}/%2e%2e%2f%2e%2e%2fsecret.txt`,
    `${page}/..%252f..%252fsecret.txt`,
    `${page}/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt`,
    `${page}/..\\..\\secret.txt`,
    `${page}/..%5c..%5csecret.txt`,
    `${page}/....//....//secret.txt`,
    `${page}/.../.../secret.txt`,
    `${page}//etc/passwd`,
    `${page}/%00../../secret.txt`,
    `${page}/assets/../../../secret.txt`,
    `${page}/../${page.slice(1)}-evil/secret.txt`,
    `${page}-evil/secret.txt`,
    `${page}/..;/secret.txt`,
    '/..%2fsecret.txt',
    '//secret.txt',
    '/secret.txt',
    '/etc/passwd',
    `${page}/${'../'.repeat(50)}etc/passwd`,
    `http://127.0.0.1${page}/../../secret.txt`,
    `${page}/%`,
    `${page}/%zz`,
  ];
}

/** Bodies that are not JSON by their type: 415 before a byte is read. */
export const NOT_JSON: readonly [headers: Record<string, string>, body: string][] = [
  [{}, '{"code":"ABCD2345"}'],
  [{ 'content-type': 'text/plain' }, '{"code":"ABCD2345"}'],
  [{ 'content-type': 'application/x-www-form-urlencoded' }, 'code=ABCD2345'],
  [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
];

/** Bodies sent as JSON that are not: 400. */
export const BROKEN_JSON: readonly string[] = [
  '',
  '{',
  "{'code':'ABCD2345'}",
  '\ufeff{"code":"ABCD2345"}',
];

/** Bodies of these sizes sent to `route`, whole and chunked: each refused with 413. */
export async function expectTooLarge(
  url: string,
  route: string,
  sizes: readonly number[],
  headers: Readonly<Record<string, string>> = {},
): Promise<RawResponse[]> {
  const answers: RawResponse[] = [];
  for (const size of sizes) {
    const body = `{"code":"${'A'.repeat(size)}"}`;
    for (const chunked of [false, true]) {
      const res = await rawRequest(url, route, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        chunked,
      });
      expect([route, size, chunked, res.status, errorBody(res)?.code]).toEqual([
        route,
        size,
        chunked,
        413,
        'message_too_large',
      ]);
      answers.push(res);
    }
  }
  return answers;
}

/** What a server on @onestop/http shows the suite. */
export interface HttpAttackTarget {
  /** Its base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** Its routes that take a JSON body, by path (`POST`). */
  jsonRoutes: readonly string[];
  /**
   * Its pages served from a folder of built files, by path (`/kiosk`), each with an
   * `assets/app.js`; `secret.txt` lies next to that folder, in it, and in `<page>-evil`.
   */
  pages: readonly string[];
  /** The text of `secret.txt`, which no answer may contain. */
  secret: string;
  /** Words its paths are made of (`api`, `health`, `kiosk`...), to build fuzzed targets. */
  words: readonly string[];
  /** Paths under which a 404 is an HTML page for a person (a ticket's status page). */
  htmlErrorsUnder?: readonly string[];
  /** Codes of its own a refusal may carry besides the hall's (the region's link: `bad_token`...). */
  codes?: readonly string[];
  /** Headers sent with the checks of its JSON routes (a bearer token, so a body is read). */
  jsonRouteHeaders?: Readonly<Record<string, string>>;
  /** Body limits of JSON routes that take more than the hall's messages, by path. */
  bodyLimits?: Readonly<Record<string, number>>;
  /** What no request may change (the database's rows, the state in memory). */
  state: () => unknown;
  /** What the server reported as its own failures (a handler that threw, an HTTP 500). */
  failures: () => string[];
}

const CODES: ReadonlySet<string> = new Set([...ERROR_CODES, 'not_found', 'method_not_allowed']);
const JSON_TYPE = { 'content-type': 'application/json' };

/** Engine.IO's own refusal of a request under /socket.io/ (its protocol, its codes). */
function engineIoError(res: RawResponse): boolean {
  try {
    const body = JSON.parse(res.body) as { code?: unknown; message?: unknown };
    return typeof body.code === 'number' && typeof body.message === 'string';
  } catch {
    return false;
  }
}

function fuzzedRequests(target: HttpAttackTarget) {
  const segment = fc.oneof(
    fc.constantFrom(
      ...target.words,
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
  const path = fc.oneof(
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
  return fc.tuple(method, path, headers, body);
}

/** What is wrong with an answer, or null. */
function insane(target: HttpAttackTarget, res: RawResponse, m: string, t: string): string | null {
  if (res.status >= 500) return `status ${res.status}`;
  const path = t.split('?')[0] ?? '';
  if (res.status >= 400 && m !== 'HEAD' && res.body !== '') {
    const code = errorBody(res)?.code ?? '';
    const ok =
      CODES.has(code) ||
      (target.codes ?? []).includes(code) ||
      (path.startsWith('/socket.io/') && engineIoError(res)) ||
      ((target.htmlErrorsUnder ?? []).some((p) => path.startsWith(p)) &&
        String(res.headers['content-type']).startsWith('text/html'));
    if (!ok) return `error body ${res.body.slice(0, 100)}`;
  }
  if (res.body.includes(target.secret)) return 'served the secret';
  // Node's own parser refuses some targets before the server sees them (an empty 400).
  if (res.status !== 400 || res.body !== '') {
    if (!String(res.headers['content-security-policy'] ?? '').includes("default-src 'self'"))
      return 'no CSP';
    if (res.headers['x-content-type-options'] !== 'nosniff') return 'no nosniff';
  }
  return null;
}

/** The security headers every answer carries. */
export function expectSecurityHeaders(label: string, res: RawResponse): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect([label, csp]).toEqual([label, expect.stringContaining("default-src 'self'")]);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect([label, res.headers['x-content-type-options']]).toEqual([label, 'nosniff']);
  expect([label, res.headers['x-frame-options']]).toEqual([label, 'DENY']);
  expect([label, res.headers['referrer-policy']]).toEqual([label, 'no-referrer']);
}

/**
 * Registers the suite for the server `target()` describes (called once the server runs, in a
 * test, after the file's `beforeAll`).
 */
export function hostileHttpSuite(name: string, target: () => HttpAttackTarget): void {
  const requests = scaled(1_500, 30_000);

  describe(`hostile HTTP requests: ${name}`, () => {
    it(
      `answers ${requests} fuzzed requests sanely and changes nothing`,
      async () => {
        const server = target();
        const label = `http requests ${name}`;
        const samples = fc.sample(fuzzedRequests(server), {
          seed: seedFor(label),
          numRuns: requests,
        });
        const before = await server.state();
        const wrong: string[] = [];
        for (const [m, t, h, b] of samples) {
          const withBody = b !== undefined && m !== 'GET' && m !== 'HEAD';
          let res: RawResponse;
          try {
            res = await rawRequest(server.url, t, {
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
          const problem = insane(server, res, m, t);
          if (problem)
            wrong.push(`${m} ${t.slice(0, 80)} ${JSON.stringify(h).slice(0, 80)}: ${problem}`);
        }
        expect([replayHint(label), ...wrong.slice(0, 10)]).toEqual([replayHint(label)]);
        expect(await server.state()).toEqual(before);
        expect(server.failures()).toEqual([]);
      },
      fuzzTimeoutMs(300_000),
    );

    it('answers request targets no URL parser takes with a 4xx in its words', async () => {
      const server = target();
      for (const t of UNPARSEABLE_TARGETS) {
        for (const method of ['GET', 'POST']) {
          const res = await rawRequest(server.url, t, {
            method,
            headers: JSON_TYPE,
            ...(method === 'POST' ? { body: '{}' } : {}),
          });
          expect([t, method, res.status >= 400 && res.status < 500]).toEqual([t, method, true]);
          // Node refuses some targets itself, with an empty body; the server answers in JSON.
          if (res.body !== '') expect(CODES.has(errorBody(res)?.code ?? '')).toBe(true);
        }
      }
      expect(server.failures()).toEqual([]);
    });

    it('refuses bodies that are not JSON (415), broken JSON (400) and bodies past the limit (413)', async () => {
      const server = target();
      const before = await server.state();
      const extra = server.jsonRouteHeaders ?? {};
      for (const route of server.jsonRoutes) {
        for (const [headers, body] of NOT_JSON) {
          const res = await rawRequest(server.url, route, {
            method: 'POST',
            headers: { ...extra, ...headers },
            body,
          });
          expect([route, body, res.status, errorBody(res)?.code]).toEqual([
            route,
            body,
            415,
            'invalid_message',
          ]);
        }
        for (const body of BROKEN_JSON) {
          const res = await rawRequest(server.url, route, {
            method: 'POST',
            headers: { ...extra, ...JSON_TYPE },
            body,
          });
          expect([route, body, res.status, errorBody(res)?.code]).toEqual([
            route,
            body,
            400,
            'invalid_message',
          ]);
        }
        const limit = server.bodyLimits?.[route] ?? LIMITS.maxMessageBytes;
        for (const res of await expectTooLarge(
          server.url,
          route,
          [limit + 1, Math.max(1_000_000, 2 * limit)],
          extra,
        )) {
          expectSecurityHeaders(`${route} 413`, res);
        }
      }
      expect(await server.state()).toEqual(before);
      expect(server.failures()).toEqual([]);
    });

    it('shrugs off clients that hang up in the middle of a body', async () => {
      const server = target();
      for (const route of server.jsonRoutes) {
        const head = (framing: string) =>
          `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`;
        await rawBytesThenHangUp(server.url, `${head('Content-Length: 100')}{"code":`, 50);
        await rawBytesThenHangUp(
          server.url,
          `${head('Transfer-Encoding: chunked')}5\r\n{"co\r\n`,
          50,
        );
        await rawBytesThenHangUp(
          server.url,
          `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1\r\nCont`,
          50,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const res = await rawRequest(server.url, server.pages[0] ?? '/');
      expect(res.status).toBeLessThan(500);
      expect(server.failures()).toEqual([]);
    });

    it('never serves a file outside the pages folder, and sets the security headers', async () => {
      const server = target();
      for (const page of server.pages) {
        for (const t of traversalsFrom(page)) {
          const res = await rawRequest(server.url, t);
          expect([t, res.status < 500]).toEqual([t, true]);
          expect(res.body).not.toContain(server.secret);
          expect(res.body).not.toMatch(/root:.*:0:0:/);
          if (res.status !== 200) {
            expect([t, res.status, errorBody(res)?.code]).toEqual([t, 404, 'not_found']);
          }
          expectSecurityHeaders(t, res);
        }
        const asset = await rawRequest(server.url, `${page}/assets/app.js`);
        expect([page, asset.status, asset.headers['content-type']]).toEqual([
          page,
          200,
          'text/javascript; charset=utf-8',
        ]);
        expectSecurityHeaders(`${page}/assets/app.js`, asset);
      }
      expect(server.failures()).toEqual([]);
    });
  });
}
