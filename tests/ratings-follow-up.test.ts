import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { FakeClock, HubTestHall } from './support/hall.js';
import { ok } from './support/acks.js';
import { serveOne } from './support/served.js';

/**
 * 追评 against a real hub and SQLite file: within the hall's days after a rating the visitor adds
 * ONE follow-up from the ticket's status page, also once the rating's day is over; a second is
 * refused, and so is one after the period (the hub's clock moved by hand) or to no rating. Each
 * is kept as a `rating_followed_up` event.
 */

// Monday 2026-11-30, 09:00 in Asia/Shanghai.
const START = Date.UTC(2026, 10, 30, 1, 0);
const DAY_MS = 86_400_000;

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;

beforeAll(async () => {
  clock = new FakeClock(START);
  hall = await HubTestHall.start({ now: clock.now });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
});

afterAll(async () => {
  await hall.close();
});

let commands = 0;
const post = (token: string, what: 'rate' | 'follow-up', body: Record<string, unknown>) =>
  hall.post<{ error?: { code: string; text: { zh: string; en: string } } }>(`/t/${token}/${what}`, {
    commandId: `fu-test-${++commands}`,
    ...body,
  });

const tokenOf = (ticketId: string): string => {
  const ticket = hall.hub.current.tickets.get(ticketId);
  if (!ticket) throw new Error(`no ticket ${ticketId}`);
  return ticket.accessToken;
};

const view = async (token: string) => {
  const res = await fetch(`${hall.url}/t/${token}.json`);
  const body = (await res.json()) as {
    view?: { followUp: unknown; clerk: unknown; rateable: boolean };
  };
  return { status: res.status, view: body.view };
};

function followUpEvents(): Record<string, unknown>[] {
  const db = new Database(hall.dbPath, { readonly: true });
  try {
    return (
      db
        .prepare(`SELECT body FROM events WHERE type = 'rating_followed_up' ORDER BY seq`)
        .all() as { body: string }[]
    ).map((r) => JSON.parse(r.body) as Record<string, unknown>);
  } finally {
    db.close();
  }
}

describe('a follow-up rating (追评)', () => {
  let rated = '';
  let expiring = '';
  let unrated = '';

  it('is offered once the step is rated, with the clerk named; none before', async () => {
    rated = tokenOf(await serveOne(hall, 'social', 'w4', 'C04'));
    expiring = tokenOf(await serveOne(hall, 'medical', 'w5', 'C05'));
    unrated = tokenOf(await serveOne(hall, 'biz-open', 'w2', 'C02'));
    const before = await view(rated);
    expect(before.view?.followUp).toBeNull();
    expect(before.view?.clerk).toEqual({ name: '窗口员04', code: 'C04' });
    expect((await post(rated, 'rate', { score: 4, reasons: [], comment: '' })).status).toBe(200);
    expect((await post(expiring, 'rate', { score: 2, reasons: [], comment: '' })).status).toBe(200);
    expect((await view(rated)).view?.followUp).toEqual({ state: 'open', days: 15 });
    const page = await (await fetch(`${hall.url}/t/${rated}`)).text();
    expect(page).toContain('id="follow-up"');
    expect(page).toContain('办理人员：窗口员04（工号 C04）');
  });

  it('is refused to a step not rated', async () => {
    const refused = await post(unrated, 'follow-up', { score: null, text: '还想补充' });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('not_rated');
  });

  it('is taken once, on a later day too, and a second is refused', async () => {
    // The next day: the ticket is no longer in the hub's day, only in its file.
    ok(await admin.command('close_day', {}));
    clock.advance(DAY_MS);
    // A console session does not last a day: the next morning's admin logs in again.
    admin = await hall.client('admin', await hall.login());
    ok(await admin.command('open_day', { businessDay: null }));
    expect(hall.hub.current.tickets.size).toBe(0);
    const first = await post(rated, 'follow-up', { score: 2, text: '回家发现证件信息有误' });
    expect(first.status).toBe(200);
    const second = await post(rated, 'follow-up', { score: null, text: '再补充一句' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'already_followed_up',
      text: { zh: '这次评价已经追评过，每次评价只能追评一次' },
    });
    expect((await view(rated)).view?.followUp).toEqual({ state: 'made', days: 15 });
    expect(followUpEvents()).toEqual([
      expect.objectContaining({
        type: 'rating_followed_up',
        serviceId: 'social',
        windowId: 'w4',
        staffCode: 'C04',
        score: 2,
        text: '回家发现证件信息有误',
      }),
    ]);
  });

  it('is refused once the days after the rating are over', async () => {
    // 15 days after the rating (one has passed): just before the end, then at it.
    clock.advance(14 * DAY_MS - 60_000);
    expect((await view(expiring)).view?.followUp).toEqual({ state: 'open', days: 15 });
    clock.advance(60_000);
    const late = await post(expiring, 'follow-up', { score: null, text: '补充' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'follow_up_expired',
      text: { zh: '追评期已过（评价后 15 天内可追评）' },
    });
    expect(followUpEvents()).toHaveLength(1);
  });

  it("is counted and listed in the report of the rating's day, not of the day it was made", async () => {
    admin = await hall.client('admin', await hall.login());
    const report = async (day: string) =>
      ok(await admin.command('report', { from: day, to: day, by: 'service' })).followUps;
    expect(await report('2026-11-30')).toEqual([
      expect.objectContaining({ windowId: 'w4', staffCode: 'C04', score: 2 }),
    ]);
    expect(await report('2026-12-01')).toEqual([]);
  });
});
