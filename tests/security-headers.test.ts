import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALL, PAGES } from '@onestop/hub';
import { HubTestHall } from './support/hall.js';
import { rawRequest, type RawResponse } from './support/hostile-http.js';

/*
 * Every response the hub serves carries its security headers: the pages (built and not yet
 * built), their files, the ticket status pages, the API with its answers and errors, the 404s,
 * 405s and 400s, and Socket.IO's own HTTP answers. hostile-input.test.ts checks a sample; this
 * walks every kind of route.
 */

let hall: HubTestHall;
let bare: HubTestHall;
const dir = mkdtempSync(join(tmpdir(), 'onestop-headers-'));

beforeAll(async () => {
  const pages = join(dir, 'pages');
  for (const page of Object.keys(PAGES)) {
    mkdirSync(join(pages, page, 'assets'), { recursive: true });
    writeFileSync(join(pages, page, 'index.html'), `<!doctype html><title>${page}</title>`);
    writeFileSync(join(pages, page, 'assets', 'app.js'), 'void 0;');
    writeFileSync(join(pages, page, 'assets', 'app.css'), 'body{}');
  }
  hall = await HubTestHall.start({ pagesDir: pages });
  bare = await HubTestHall.start({ pagesDir: null }); // placeholder pages
});

afterAll(async () => {
  for (const h of [hall, bare]) {
    h.server.http.closeAllConnections();
    await h.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The headers every answer of the hub must have. */
function expectSecurityHeaders(label: string, res: RawResponse): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0] ?? '', parts.slice(1).join(' ')]),
  );
  expect([label, directives.get('default-src')]).toEqual([label, "'self'"]);
  // No inline or evaluated script anywhere: a name or notice with <script> cannot run.
  expect([label, directives.get('script-src')]).toEqual([label, "'self'"]);
  expect([label, directives.get('object-src')]).toEqual([label, "'none'"]);
  expect([label, directives.get('base-uri')]).toEqual([label, "'none'"]);
  expect([label, directives.get('frame-ancestors')]).toEqual([label, "'none'"]);
  expect([label, res.headers['x-content-type-options']]).toEqual([label, 'nosniff']);
  expect([label, res.headers['x-frame-options']]).toEqual([label, 'DENY']);
  expect([label, res.headers['referrer-policy']]).toEqual([label, 'no-referrer']);
}

describe('security headers on every route', () => {
  it('sets them on the pages, their files and the placeholder pages', async () => {
    for (const page of Object.keys(PAGES)) {
      for (const [h, target] of [
        [hall, `/${page}`],
        [hall, `/${page}/`],
        [hall, `/${page}/some/client/route?pair=ABCD2345`],
        [hall, `/${page}/assets/app.js`],
        [hall, `/${page}/assets/app.css`],
        [hall, `/${page}/assets/missing.js`],
        [bare, `/${page}`],
      ] as const) {
        const res = await rawRequest(h.url, target);
        expect([target, res.status]).toEqual([target, 200]);
        expectSecurityHeaders(`${h === bare ? 'placeholder ' : ''}${target}`, res);
        const head = await rawRequest(h.url, target, { method: 'HEAD' });
        expectSecurityHeaders(`HEAD ${target}`, head);
      }
    }
    expectSecurityHeaders('/', await rawRequest(hall.url, '/'));
    expectSecurityHeaders('/favicon.ico', await rawRequest(hall.url, '/favicon.ico'));
  });

  it('sets them on the ticket status pages, known and unknown', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['biz-open'] }],
      class: 'normal',
    });
    if (!issued.ok) throw new Error(issued.error.code);
    const token = issued.result.ticket.accessToken;
    for (const target of [`/t/${token}`, '/t/nope', '/t/', `/t/${token}/x`, '/t/%00']) {
      const res = await rawRequest(hall.url, target);
      expect(res.status).toBeLessThan(500);
      expectSecurityHeaders(target, res);
    }
  });

  it('sets them on the API, its errors, and the 400, 404, 405 and 413 answers', async () => {
    const json = { 'content-type': 'application/json' };
    const requests: [string, Parameters<typeof rawRequest>[2]][] = [
      ['/api/health', {}],
      ['/api/pair', { method: 'POST', headers: json, body: '{"code":"ABCD2345"}' }],
      ['/api/pair', { method: 'POST', headers: json, body: '{' }],
      ['/api/pair', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }],
      ['/api/pair', { method: 'POST', headers: json, body: `"${'x'.repeat(20_000)}"` }],
      ['/api/login', { method: 'POST', headers: json, body: '{"staffCode":"ADMIN","pin":"8642"}' }],
      [
        '/api/login',
        { method: 'POST', headers: json, body: '{"staffCode":"NOBODY","pin":"0000"}' },
      ],
      ['/api/login', { method: 'POST', headers: json, body: '{"staffCode":"C01","pin":"1010"}' }],
      ['/api/nope', {}],
      ['/api/health', { method: 'DELETE' }],
      ['/kiosk', { method: 'POST', headers: json, body: '{}' }],
      ['/nope', {}],
      ['//', {}],
    ];
    const statuses = new Set<number>();
    for (const [target, options] of requests) {
      const res = await rawRequest(hall.url, target, options);
      statuses.add(res.status);
      expectSecurityHeaders(`${options?.method ?? 'GET'} ${target} (${res.status})`, res);
    }
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 404, 405, 413, 415]);
  });

  it("sets them on Socket.IO's own HTTP answers", async () => {
    const open = await rawRequest(hall.url, '/socket.io/?EIO=4&transport=polling');
    expect(open.status).toBe(200);
    expectSecurityHeaders('socket.io handshake', open);
    const bad = await rawRequest(hall.url, '/socket.io/?EIO=9&transport=polling');
    expect(bad.status).toBe(400);
    expectSecurityHeaders('socket.io refusal', bad);
  });
});

describe("the hub's own pages show names as text", () => {
  it('escapes the hall and service names on the home page and the ticket status page', async () => {
    const XSS = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    const config = structuredClone(DEMO_HALL);
    config.hall.name = { zh: `大厅${XSS}`, en: `Hall${XSS}` };
    const service = config.services.find((s) => s.id === 'biz-open');
    if (!service) throw new Error('no biz-open');
    service.name = { zh: `企业开办${XSS}`, en: `Start-up${XSS}` };
    const h = await HubTestHall.start({ config });
    try {
      const kiosk = await h.client('kiosk', await h.pair('kiosk'));
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      });
      if (!issued.ok) throw new Error(issued.error.code);
      for (const target of ['/', `/t/${issued.result.ticket.accessToken}`]) {
        const res = await rawRequest(h.url, target);
        expect([target, res.status]).toEqual([target, 200]);
        expect(res.body).not.toContain('<img');
        expect(res.body).not.toContain('<script>window');
        expect(res.body).toContain('&#60;img src=x onerror=&#34;window.pwned=1&#34;&#62;');
      }
    } finally {
      h.server.http.closeAllConnections();
      await h.close();
    }
  });
});
