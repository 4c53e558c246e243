import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALL, RemoteLink, setUpLink } from '@onestop/hub';
import type { RegionDb } from '@onestop/region';
import {
  idCheckChar,
  REMOTE_PATHS,
  t,
  type HallConfig,
  type PublicRemoteHalls,
} from '@onestop/shared';
import { ok, said } from './support/acks.js';
import { edgeJson, startEdgeRegion, workedSum, type EdgeRegion } from './support/edge.js';
import { FakeClock, HubTestHall } from './support/hall.js';

/*
 * 远程取号 from the phone with a real hub linked to a real region on a throwaway PostgreSQL:
 * the page's request is pulled by the hub, issued, and its answer shown on the request's page
 * (number, code, the rules); a refusal in words; a request brought twice is one ticket; bad
 * input (a service not offered, a bad phone, a failed sum, too many from one address, a phone
 * already waiting) changes nothing; a wrong token is a 404. An ID number typed on the page goes
 * to the hub, which keeps only its salted hash for the ticket: a card at the kiosk confirms it,
 * and the number is in neither the region's database nor the hall's file.
 */

/** Friday 2026-11-27, 10:00 in Shanghai. */
const START = Date.UTC(2026, 10, 27, 2, 0);

let edge: EdgeRegion;
let db: RegionDb;
let url: string;
let hall: HubTestHall;
let hallId: string;
let link: RemoteLink;

beforeAll(async () => {
  edge = await startEdgeRegion();
  ({ db, url } = edge);
  const added = await edge.region.addHall('市民中心');
  hallId = added.hallId;
  const config: HallConfig = structuredClone(DEMO_HALL);
  config.hall.remote = {
    enabled: true,
    confirmWithinMinutes: 10,
    serviceIds: ['biz-open', 'invoice'],
    perPhonePerDay: 1,
  };
  config.hall.publicStatus = { baseUrl: url, hallId };
  config.hall.idLimit = 'perDay';
  const invoice = config.services.find((s) => s.id === 'invoice');
  if (invoice) invoice.hours = [{ days: [1, 2, 3, 4, 5], open: '14:00', close: '17:00' }];
  hall = await HubTestHall.start({ config, now: new FakeClock(START).now });
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  await setUpLink(
    hall.hub.store.regionLink,
    { url, code: added.code },
    { hubVersion: 'test', now: hall.hub.now() },
  );
  link = new RemoteLink(hall.hub, { timeoutMs: 5_000 });
}, 120_000);

afterAll(async () => {
  await link?.stop();
  await hall?.close();
  await edge?.close();
}, 60_000);

const json = <T>(path: string, body?: unknown, base = url) => edgeJson<T>(base, path, body);

type Asked = { token?: string; error?: { code: string } };

/** A request on the page's API with the sum worked out (or `wrong`). */
async function ask(
  serviceId: string,
  phone: string,
  options: { wrong?: boolean; base?: string; idNumber?: string } = {},
) {
  const id = options.idNumber === undefined ? {} : { idNumber: options.idNumber };
  return json<Asked>(
    REMOTE_PATHS.request,
    { hallId, serviceId, phone, ...id, ...(await workedSum(url, options.wrong)) },
    options.base,
  );
}

async function page(token: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${url}${REMOTE_PATHS.page}/${token}`);
  return { status: res.status, html: await res.text() };
}

const html = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const rows = async () =>
  (await db.query<{ n: string }>('SELECT count(*) AS n FROM remote_requests')).rows[0]?.n;

describe('numbers from the phone: the public side (远程取号)', () => {
  it('offers only the services the hall gives to phones, with their hours', async () => {
    expect((await json<PublicRemoteHalls>(REMOTE_PATHS.halls)).body.halls).toEqual([]);
    await link.round();
    const { halls } = (await json<PublicRemoteHalls>(REMOTE_PATHS.halls)).body;
    expect(halls).toHaveLength(1);
    expect(halls[0]).toMatchObject({ hallId, name: '市民中心', confirmWithinMinutes: 10 });
    expect(halls[0]?.services.map((s) => s.id)).toEqual(['biz-open', 'invoice']);
    expect(halls[0]?.services[1]?.hours).toEqual([
      { days: [1, 2, 3, 4, 5], open: '14:00', close: '17:00' },
    ]);
  });

  it('issues a number the page shows with its code and the rules; the phone leaves the region', async () => {
    const asked = await ask('biz-open', '13800000001');
    expect(asked.status).toBe(200);
    const token = asked.body.token ?? '';
    const waiting = await page(token);
    expect(waiting.status).toBe(200);
    expect(waiting.html).toContain(html(t('remotePage.pending', 'zh')));
    expect(await link.round()).toBe(1);
    expect(hall.hub.current.tickets.size).toBe(1);
    const ticket = [...hall.hub.current.tickets.values()][0];
    const shown = await page(token);
    expect(shown.html).toContain('A001');
    const code = hall.hub.store.remoteNumbers.byRequest(
      (await db.query<{ id: string }>('SELECT id FROM remote_requests')).rows[0]?.id ?? '',
    )?.code;
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(shown.html).toContain(`>${code}<`);
    expect(shown.html).toContain(html(t('remotePage.rules', 'zh', { minutes: 10 })));
    expect(shown.html).toContain(html(t('remotePage.rules', 'en', { minutes: 10 })));
    expect(shown.html).toContain(html(t('remotePage.ahead', 'zh', { count: 0 })));
    // hall.publicStatus is on: the ticket's own page on the edge.
    expect(shown.html).toContain(`/public/t/${hallId}/${ticket?.accessToken ?? 'none'}`);
    expect(shown.html).not.toContain(html(t('remotePage.pending', 'zh')));
    const phones = await db.query('SELECT phone FROM remote_requests WHERE phone IS NOT NULL');
    expect(phones.rows).toEqual([]);
  });

  it('says a refusal in words: outside its hours, the phone over its numbers for the day', async () => {
    const closed = await ask('invoice', '13800000002');
    const again = await ask('biz-open', '13800000001');
    expect(await link.round()).toBe(2);
    expect((await page(closed.body.token ?? '')).html).toContain(
      html(t('remotePage.refusal.closed', 'zh')),
    );
    const limited = (await page(again.body.token ?? '')).html;
    expect(limited).toContain(html(t('remotePage.refusal.phone_limit', 'zh')));
    expect(limited).toContain(html(t('remotePage.refusal.phone_limit', 'en')));
    expect(hall.hub.current.tickets.size).toBe(1);
  });

  it('issues one ticket for a request brought twice (its answer lost on the way)', async () => {
    const asked = await ask('biz-open', '13800000003');
    expect(await link.round()).toBe(1);
    const first = (await page(asked.body.token ?? '')).html;
    expect(first).toContain('A002');
    // The answer never reached the region: it offers the request again.
    await db.query(
      `UPDATE remote_requests SET answered_at = NULL, answer = NULL, phone = '13800000003'
        WHERE answer->>'number' = 'A002'`,
    );
    expect(await link.round()).toBe(1);
    expect(hall.hub.current.tickets.size).toBe(2);
    expect((await page(asked.body.token ?? '')).html).toBe(first);
  });

  it('records the ID number typed on the page as a hash only: the card confirms at the kiosk', async () => {
    const WANG = { number: `11010519491231002${idCheckChar('11010519491231002')}`, name: '王五' };
    const asked = await ask('biz-open', '13800000008', { idNumber: WANG.number });
    expect(asked.status).toBe(200);
    const token = asked.body.token ?? '';
    const held = await db.query(`SELECT 1 FROM remote_requests WHERE id_number = $1`, [
      WANG.number,
    ]);
    expect(held.rows).toHaveLength(1);
    expect(await link.round()).toBe(1);
    const shown = (await page(token)).html;
    expect(shown).toContain('A003');
    expect(shown).toContain(html(t('remotePage.confirmWithCard', 'zh')));
    expect(shown).toContain(html(t('remotePage.confirmWithCard', 'en')));
    expect(shown).not.toContain(WANG.number);

    // The same person again from another phone: the hall's one ticket per person per day.
    const twice = await ask('biz-open', '13800000009', { idNumber: WANG.number });
    expect(await link.round()).toBe(1);
    expect((await page(twice.body.token ?? '')).html).toContain(
      html(t('remotePage.refusal.id_limit', 'zh')),
    );

    // The number left the region with the answers, and the hall's file never had it.
    const anywhere = await db.query(
      `SELECT 1 FROM remote_requests q WHERE q::text LIKE '%' || $1 || '%'`,
      [WANG.number],
    );
    expect(anywhere.rows).toEqual([]);
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const confirmed = ok(await kiosk.command('confirm_remote', { idCard: WANG }));
    expect(confirmed.ticket.number).toBe('A003');
    expect(confirmed.ticket.remote?.confirmedAt).not.toBeNull();
    expect(said(await kiosk.command('confirm_remote', { idCard: WANG }))).toMatch(
      /^remote_already_confirmed/,
    );
    const files = [hall.dbPath, `${hall.dbPath}-wal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from(WANG.number))).toBe(false);
  });

  it('refuses a malformed ID number and changes nothing', async () => {
    const before = await rows();
    const wrongCheck = `11010519491231002${idCheckChar('11010519491231002') === '1' ? '2' : '1'}`;
    for (const idNumber of [wrongCheck, '1101051949123100', 'x'.repeat(18)]) {
      const asked = await ask('biz-open', '13800000012', { idNumber });
      expect(asked.status).toBe(400);
      expect(asked.body.error?.code).toBe('invalid_message');
    }
    expect(await rows()).toBe(before);
  });

  it('refuses bad input and changes nothing', async () => {
    const before = await rows();
    const tickets = hall.hub.current.tickets.size;
    expect((await ask('tax', '13800000004')).body.error?.code).toBe('not_offered');
    expect((await ask('biz-open', '1380000')).body.error?.code).toBe('invalid_message');
    expect((await ask('biz-open', '13800000004', { wrong: true })).body.error?.code).toBe(
      'challenge_failed',
    );
    // One request of a phone waits for the hall at a time.
    expect((await ask('biz-open', '13800000005')).status).toBe(200);
    expect((await ask('biz-open', '13800000005')).body.error?.code).toBe('phone_pending');
    // Per address: two an hour on the strict server, the third refused.
    expect((await ask('biz-open', '13800000006', { base: edge.strictUrl })).status).toBe(200);
    expect((await ask('biz-open', '13800000006', { base: edge.strictUrl })).status).toBe(409);
    expect((await ask('biz-open', '13800000007', { base: edge.strictUrl })).status).toBe(429);
    expect(Number(await rows())).toBe(Number(before) + 2);
    expect(hall.hub.current.tickets.size).toBe(tickets);
  });

  it('gives a wrong token the 404 of the ticket page', async () => {
    for (const token of ['x'.repeat(43), 'nope', '%00']) {
      const shown = await page(token);
      expect(shown.status).toBe(404);
      expect(shown.html).toContain(html(t('status.notFound', 'zh')));
    }
  });
});
