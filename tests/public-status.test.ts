import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALL, PublicStatusLink, setUpLink, ticketKey } from '@onestop/hub';
import {
  buildRegionServer,
  listen,
  migrate,
  openPostgres,
  Region,
  type RegionDb,
} from '@onestop/region';
import { startPgCluster, type PgCluster } from '@onestop/region/testing';
import type { HubClient } from '@onestop/shared/client';
import type { HallConfig, Ticket } from '@onestop/shared';
import { ok } from './support/acks.js';
import { HubTestHall } from './support/hall.js';

/*
 * The ticket's status and rating on the public edge, with a real hub and a real region on a
 * throwaway PostgreSQL: the page reachable by the ticket's token on the region, its place moving
 * after a call, a rating taken there applied once on the hub by the hub's own rules (a second
 * refused, a step rated on the pad refused in words), an unknown token or hall the same 404, and
 * nothing in the region's tables but hashes of tokens and the page's words.
 */

let cluster: PgCluster;
let db: RegionDb;
let region: Region;
let url: string;
let closeRegion: () => Promise<void>;
let hall: HubTestHall;
let hallId: string;
let link: PublicStatusLink;
let kiosk: HubClient<'kiosk'>;
let window1: HubClient<'window'>;

beforeAll(async () => {
  cluster = await startPgCluster();
  db = openPostgres(await cluster.createDatabase(), { max: 4 });
  await migrate(db);
  region = new Region(db);
  const app = await buildRegionServer({
    region,
    limits: { linkPerMinute: 100_000 },
    booking: { bookPerHour: 1000, readPerMinute: 10_000 },
  });
  closeRegion = () => app.close();
  url = await listen(app, '127.0.0.1', 0);
  const added = await region.addHall('市民中心');
  hallId = added.hallId;
  const config: HallConfig = structuredClone(DEMO_HALL);
  config.hall.publicStatus = { baseUrl: url, hallId };
  hall = await HubTestHall.start({ config });
  await setUpLink(
    hall.hub.store.regionLink,
    { url, code: added.code },
    { hubVersion: 'test', now: hall.hub.now() },
  );
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  window1 = await hall.openWindow('w1', 'C01');
  link = new PublicStatusLink(hall.hub, { timeoutMs: 5_000 });
}, 120_000);
afterAll(async () => {
  await link?.stop();
  await hall?.close();
  await closeRegion?.();
  await region?.close();
  await db?.close();
  await cluster?.stop();
}, 60_000);

const issue = async (): Promise<Ticket> =>
  ok(
    await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['biz-open'] }],
      class: 'normal',
    }),
  ).ticket;

const pageOf = (token: string, hallPart = hallId): string => `${url}/public/t/${hallPart}/${token}`;

async function page(token: string, hallPart = hallId): Promise<{ status: number; text: string }> {
  const res = await fetch(pageOf(token, hallPart));
  return { status: res.status, text: await res.text() };
}

async function form(
  token: string,
  action: 'rate' | 'follow-up',
  fields: [string, string][],
): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(`${pageOf(token)}/${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

const ratingRows = async () =>
  (
    await db.query<{ outcome: string | null; reason: string | null }>(
      `SELECT outcome, reason FROM public_ratings ORDER BY created_at, id`,
    )
  ).rows;

describe('the ticket on the public edge', () => {
  let first: Ticket;
  let second: Ticket;

  it('shows the ticket by its token, its place moving after a call', async () => {
    first = await issue();
    second = await issue();
    await link.round();
    const waiting = await page(second.accessToken);
    expect(waiting.status).toBe(200);
    expect(waiting.text).toContain(second.number);
    expect(waiting.text).toContain('前面还有 1 人');
    expect(waiting.text).toContain('1 ahead of you');
    expect(waiting.text).toContain('<script src="/public/t/refresh.js" defer></script>');
    const script = await fetch(`${url}/public/t/refresh.js`);
    expect([script.status, await script.text()]).toEqual([
      200,
      'setTimeout(function () { window.location.reload(); }, 15000);\n',
    ]);

    ok(await window1.command('call_next', {}));
    await link.round();
    expect((await page(second.accessToken)).text).toContain('下一位就是您');
    expect((await page(first.accessToken)).text).toContain('请到 1 号窗口');
  });

  it('an unknown token or hall is the same 404, saying nothing of the hall', async () => {
    const wrongToken = await page('x'.repeat(43));
    const wrongHall = await page(first.accessToken, 'H-NOSUCHHALL');
    const badHall = await page(first.accessToken, '..%2F..');
    expect([wrongToken.status, wrongHall.status, badHall.status]).toEqual([404, 404, 404]);
    expect(wrongHall.text).toBe(wrongToken.text);
    expect(badHall.text).toBe(wrongToken.text);
    expect(wrongToken.text).not.toContain('市民中心');
    expect((await form('y'.repeat(43), 'rate', [['score', '5']])).status).toBe(404);
  });

  it('takes a rating that the hub applies once; a second is refused', async () => {
    // Not finished yet: the page offers no rating and the region takes none.
    const early = await form(first.accessToken, 'rate', [['score', '5']]);
    expect(early.status).toBe(409);
    expect(early.text).toContain('现在没有可评价的已办结服务');

    ok(await window1.command('start_serving', {}));
    ok(await window1.command('finish', {}));
    await link.round();
    expect((await page(first.accessToken)).text).toContain('/rate"');

    // Bad forms: a clear 400, nothing kept.
    for (const fields of [
      [['score', '9']],
      [
        ['score', '4'],
        ['tag', 'no-such-tag'],
      ],
      [
        ['score', '4'],
        ['comment', 'x'.repeat(301)],
      ],
      [
        ['score', '4'],
        ['extra', '1'],
      ],
    ] as [string, string][][]) {
      expect((await form(first.accessToken, 'rate', fields)).status).toBe(400);
    }
    expect(await ratingRows()).toEqual([]);

    const sent = await form(first.accessToken, 'rate', [
      ['score', '4'],
      ['tag', 'warm'],
      ['comment', '  讲得很清楚 '],
    ]);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/public/t/${hallId}/${first.accessToken}`);
    expect((await page(first.accessToken)).text).toContain('正在转交大厅');
    // One at a time per ticket while the hall has not answered.
    expect((await form(first.accessToken, 'rate', [['score', '1']])).status).toBe(409);

    expect(await link.round()).toBe(1);
    expect(hall.hub.current.tickets.get(first.id)?.rating).toMatchObject({
      score: 4,
      reasons: ['warm'],
      channel: 'qr',
      comment: '讲得很清楚',
    });
    expect(await ratingRows()).toEqual([{ outcome: 'accepted', reason: null }]);
    const after = await page(first.accessToken);
    expect(after.text).toContain('大厅已收到您的评价');
    expect(after.text).not.toContain('/rate"');
    // The step is rated: a second rating is refused at the region, in words, and nothing moves.
    const again = await form(first.accessToken, 'rate', [['score', '1']]);
    expect(again.status).toBe(409);
    expect(again.text).toContain('已扫码评价过');
    expect(await link.round()).toBe(0);
    expect(hall.hub.current.tickets.get(first.id)?.rating?.score).toBe(4);
  });

  it('a step rated on the pad meanwhile is refused by the hub, in words on the page', async () => {
    ok(await window1.command('call_next', {}));
    ok(await window1.command('start_serving', {}));
    ok(await window1.command('finish', {}));
    await link.round();
    // The region offers the rating; the pad rates the step before the hub pulls it.
    expect((await form(second.accessToken, 'rate', [['score', '2']])).status).toBe(303);
    const pad = await hall.client('rate', await hall.pair('rating_pad', 'w1'));
    ok(await pad.command('rate', { ticketId: second.id, score: 5, reasons: [] }));
    expect(await link.round()).toBe(1);
    expect(hall.hub.current.tickets.get(second.id)?.rating).toMatchObject({
      score: 5,
      channel: 'pad',
    });
    const text = (await page(second.accessToken)).text;
    expect(text).toContain('已在窗口评价器上评价过');
    expect(text).toContain('already rated on the window’s rating pad');
    expect((await form(second.accessToken, 'rate', [['score', '2']])).status).toBe(409);
  });

  it('takes a 追评 of a rating, applied once', async () => {
    expect((await page(first.accessToken)).text).toContain('name="text"');
    expect((await form(first.accessToken, 'follow-up', [['text', ' ']])).status).toBe(400);
    expect(
      (
        await form(first.accessToken, 'follow-up', [
          ['text', '后来又补了材料'],
          ['score', '5'],
        ])
      ).status,
    ).toBe(303);
    expect(await link.round()).toBe(1);
    const text = (await page(first.accessToken)).text;
    expect(text).toContain('大厅已收到您的追评');
    expect(text).not.toContain('name="text"');
  });

  it('keeps no token and nothing of the visitor, and drops the day at its close', async () => {
    const tokens = [first.accessToken, second.accessToken];
    const dump = JSON.stringify([
      (await db.query(`SELECT * FROM public_tickets`)).rows,
      (await db.query(`SELECT * FROM public_ratings`)).rows,
      (await db.query(`SELECT * FROM public_halls`)).rows,
    ]);
    for (const token of tokens) expect(dump).not.toContain(token);
    // The visitor's words are gone once the hall has them.
    expect(dump).not.toContain('讲得很清楚');
    const keys = (await db.query<{ key: string }>(`SELECT key FROM public_tickets ORDER BY key`))
      .rows;
    expect(keys.map((r) => r.key)).toEqual(tokens.map(ticketKey).sort());
    const fields = (
      await db.query<{ body: Record<string, unknown> }>(`SELECT body FROM public_tickets`)
    ).rows.flatMap((r) => Object.keys(r.body));
    expect([...new Set(fields)].sort()).toEqual([
      'ahead',
      'followUp',
      'key',
      'number',
      'rateable',
      'ratedBy',
      'service',
      'status',
      'steps',
      'window',
    ]);

    const admin = await hall.client('admin', await hall.login());
    ok(await admin.command('close_day', {}));
    await link.round();
    expect((await db.query(`SELECT 1 FROM public_tickets`)).rows).toEqual([]);
    expect((await page(first.accessToken)).status).toBe(404);
  });
});
