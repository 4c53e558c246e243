import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LINK_LIMITS, LINK_PATHS, PUBLIC_NOW_PATH, PublicNowSchema } from '@onestop/shared';
import { buildRegionServer, listen } from '@onestop/region';
import { hostileHttpSuite } from './support/hostile-http-suite.js';
import {
  linkedHall,
  morningEvents,
  startRegionOnPglite,
  type RegionOnPglite,
} from './support/region-day.js';

/*
 * The region's HTTP on the rules it shares with the hub: the hostile HTTP suite against it
 * (the link's routes with a real token, its pages folder with a secret beside it), and the
 * public figures of 阳光政务: what a morning of a hall shows, cached, limited, nothing personal.
 */

let dir: string;
let secret: string;
let r: RegionOnPglite;
let token = '';
const unexpected = vi.fn();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-region-http-'));
  secret = `TOP-SECRET-${randomBytes(8).toString('hex')}`;
  writeFileSync(join(dir, 'secret.txt'), secret);
  const pages = join(dir, 'pages');
  mkdirSync(join(pages, 'public', 'assets'), { recursive: true });
  writeFileSync(join(pages, 'public', 'index.html'), '<!doctype html><title>public</title>');
  writeFileSync(join(pages, 'public', 'assets', 'app.js'), 'console.log("public");');
  mkdirSync(join(pages, 'public-evil'), { recursive: true });
  writeFileSync(join(pages, 'public-evil', 'secret.txt'), secret);
  writeFileSync(join(pages, 'secret.txt'), secret);
  r = await startRegionOnPglite({
    pagesDir: pages,
    publicFreshMs: 0,
    limits: { pairPerMinute: 100_000, linkPerMinute: 100_000, publicPerMinute: 100_000 },
    onUnexpected: unexpected,
  });
  const hall = await r.region.addHall('市民中心');
  const paired = await r.region.pair({ code: hall.code, hubVersion: '0.1.0' });
  if (!paired.ok) throw new Error(paired.refusal.message);
  token = paired.value.token;
}, 120_000);
afterAll(async () => {
  await r?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dump(): Promise<unknown> {
  const rows = async (sql: string) => (await r.db.query(sql)).rows;
  return {
    events: await rows('SELECT hall_id, history_id, seq FROM events ORDER BY 1, 2, 3'),
    histories: await rows('SELECT * FROM hall_histories ORDER BY hall_id, history_id'),
    halls: await rows('SELECT * FROM halls ORDER BY id'),
    codes: await rows('SELECT * FROM pairing_codes ORDER BY code_hash'),
  };
}

hostileHttpSuite('the region', () => ({
  url: r.url,
  jsonRoutes: [LINK_PATHS.pair, LINK_PATHS.batch],
  jsonRouteHeaders: { authorization: `Bearer ${token}` },
  bodyLimits: { [LINK_PATHS.batch]: LINK_LIMITS.maxBatchBytes },
  codes: ['bad_code', 'bad_token', 'revoked', 'gap'],
  pages: ['/public'],
  secret,
  words: ['api', 'health', 'link', 'pair', 'position', 'batch', 'public', 'now'],
  state: dump,
  failures: () => unexpected.mock.calls.map((args) => args.map(String).join(' ')),
}));

const HISTORY = '0d9f3a52-6c1e-4b7a-8e2f-5a6b7c8d9e0f';

describe('阳光政务: the public figures', () => {
  it('shows each hall now from its events, cached briefly, with nothing personal', async () => {
    const hallId = await linkedHall(r.region, '东城区政务服务中心');
    const events = morningEvents();
    const ingested = await r.region.ingest(hallId, { historyId: HISTORY, afterSeq: 0, events });
    expect(ingested.ok ? null : ingested.refusal).toBeNull();

    const res = await fetch(`${r.url}${PUBLIC_NOW_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=10');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const text = await res.text();
    const now = PublicNowSchema.parse(JSON.parse(text));
    const hall = now.halls.find((h) => h.hallId === hallId);
    expect(hall).toEqual({
      hallId,
      name: '东城区政务服务中心',
      businessDay: '2026-03-02',
      lastEventAt: events.at(-1)?.at,
      waiting: 3,
      services: [
        { serviceId: 'tax', name: { zh: '税务登记', en: 'Tax registration' }, waiting: 1 },
        { serviceId: 'social', name: { zh: '社保办理', en: 'Social insurance' }, waiting: 1 },
        { serviceId: 'permit', name: { zh: '营业执照', en: 'Business licence' }, waiting: 1 },
      ],
      windowsOpen: 2,
      calls: 2,
      averageWaitS: 300,
      rated: 2,
      satisfiedPct: 50,
    });
    // A hall linked but silent shows, with no figures yet.
    expect(now.halls.find((h) => h.name === '市民中心')).toMatchObject({
      businessDay: null,
      waiting: 0,
    });
    // Nothing of a visitor or a clerk: no ticket number, no clerk code, no window id.
    for (const word of ['A001', 'B002', 'S07', 'w1', 'slow', HISTORY]) {
      expect(text).not.toContain(word);
    }

    // Later events of the hall are folded in at the next reading.
    const more = await r.region.ingest(hallId, {
      historyId: HISTORY,
      afterSeq: events.length,
      events: [
        {
          seq: events.length + 1,
          at: (events.at(-1)?.at ?? 0) + 60_000,
          type: 'window_closed',
          businessDay: '2026-03-02',
          ticketId: null,
          windowId: 'w2',
          body: { windowId: 'w2' },
        },
      ],
    });
    expect(more.ok).toBe(true);
    const again = PublicNowSchema.parse(await (await fetch(`${r.url}${PUBLIC_NOW_PATH}`)).json());
    expect(again.halls.find((h) => h.hallId === hallId)?.windowsOpen).toBe(1);
  });

  it('limits how often one address asks', async () => {
    // Another server of the same region, with a small limit.
    const limited = await buildRegionServer({ region: r.region, limits: { publicPerMinute: 2 } });
    const url = await listen(limited, '127.0.0.1', 0);
    try {
      expect((await fetch(`${url}${PUBLIC_NOW_PATH}`)).status).toBe(200);
      expect((await fetch(`${url}${PUBLIC_NOW_PATH}`)).status).toBe(200);
      const refused = await fetch(`${url}${PUBLIC_NOW_PATH}`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('cache-control')).toBe('no-store');
      expect(await refused.json()).toEqual({
        error: { code: 'rate_limited', message: 'too many requests: wait and try again' },
      });
    } finally {
      await limited.close();
    }
  });
});
