import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayFigures, ReportRow } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { FakeClock, HubTestHall } from './support/hall.js';
import { ok } from './support/acks.js';

/**
 * A window terminal's day panel asks the hub (`day_figures`) for today's figures of its own
 * window and of the clerk logged in at it, counted from `ticket_steps` as the admin console's
 * report counts them: against a real hub on a real SQLite file, a small day at window 1 (two
 * clerks, two terminals, a two-step visit, a transfer, a no-show, ratings) and window 10.
 */

const MINUTE = 60_000;
// Friday 2026-11-27, 08:30 in Asia/Shanghai.
const START = Date.UTC(2026, 10, 27, 0, 30);
const DAY = '2026-11-27';

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
/** Window 1's first terminal: C01 worked there, then logged out. */
let w1: HubClient<'window'>;
/** Window 1's second terminal (a reinstall, another machine): C02 logged in. */
let w1b: HubClient<'window'>;
let w10: HubClient<'window'>;
let pad1: HubClient<'rate'>;

function at(minutes: number): void {
  clock.t = START + minutes * MINUTE;
}

/** The figures a report row gives for the same group. */
function figuresOfRow(row: ReportRow | undefined): DayFigures {
  if (row === undefined) throw new Error('no report row');
  return {
    served: row.served,
    noShow: row.noShow,
    transfers: row.transfers,
    avgServiceMs: row.avgServiceMs,
    rated: row.rated,
    avgScore: row.avgScore,
    satisfied: row.satisfied,
    satisfactionRate: row.satisfactionRate,
  };
}

async function report(by: 'window' | 'staff'): Promise<ReportRow[]> {
  return ok(await admin.command('report', { from: DAY, to: DAY, by })).rows;
}

beforeAll(async () => {
  clock = new FakeClock(START);
  hall = await HubTestHall.start({ now: clock.now });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const issue = async (...serviceIds: string[]) =>
    ok(
      await kiosk.command('issue_ticket', {
        itinerary: serviceIds.map((id) => ({ serviceIds: [id] })),
        class: 'normal',
      }),
    ).ticket;
  const a1 = await issue('biz-open', 'tax'); // a visit in two steps: w1, then w10
  const a2 = await issue('biz-open');
  const a3 = await issue('biz-open');
  const a4 = await issue('biz-open');

  w1 = await hall.openWindow('w1', 'C01');
  pad1 = await hall.client('rate', await hall.pair('rating_pad', 'w1'));
  at(2);
  expect(ok(await w1.command('call_next', {})).ticket?.id).toBe(a1.id);
  ok(await w1.command('start_serving', {}));
  at(12);
  ok(await w1.command('finish', {})); // step 1 done here: 10 min
  expect(ok(await w1.command('call_next', {})).ticket?.id).toBe(a2.id);
  ok(await w1.command('start_serving', {}));
  at(16);
  ok(await w1.command('finish', {})); // 4 min
  ok(await pad1.command('rate', { ticketId: a2.id, score: 4, reasons: [] }));
  expect(ok(await w1.command('call_next', {})).ticket?.id).toBe(a3.id);
  ok(await w1.command('no_show', {}));
  ok(await w1.command('close_window', {}));
  ok(await w1.command('staff_logout', {}));

  // Another terminal of window 1, with another clerk: it knows nothing of the morning.
  w1b = await hall.openWindow('w1', 'C02');
  at(20);
  expect(ok(await w1b.command('call_next', {})).ticket?.id).toBe(a4.id);
  ok(await w1b.command('start_serving', {}));
  ok(
    await w1b.command('transfer', {
      toServiceId: 'tax',
      toWindowId: null,
      note: 'needs the tax office',
    }),
  );

  w10 = await hall.openWindow('w10', 'C10');
  const pad10 = await hall.client('rate', await hall.pair('rating_pad', 'w10'));
  for (const [id, minutes] of [
    [a1.id, 3],
    [a4.id, 6],
  ] as const) {
    expect(ok(await w10.command('call_next', {})).ticket?.id).toBe(id);
    ok(await w10.command('start_serving', {}));
    at(20 + minutes);
    ok(await w10.command('finish', {}));
  }
  ok(await pad10.command('rate', { ticketId: a4.id, score: 2, reasons: [] }));
});

afterAll(async () => {
  await hall?.close();
});

describe('day_figures', () => {
  it("gives a second terminal of a window the window's whole day, and its own clerk's part", async () => {
    const figures = ok(await w1b.command('day_figures', {}));
    expect(figures.businessDay).toBe(DAY);
    expect(figures.window).toEqual({
      served: 2,
      noShow: 1,
      transfers: 1,
      avgServiceMs: 7 * MINUTE,
      rated: 1,
      avgScore: 4,
      satisfied: 1,
      satisfactionRate: 1,
    });
    expect(figures.clerk).toEqual({
      staffCode: 'C02',
      served: 0,
      noShow: 0,
      transfers: 1,
      avgServiceMs: null,
      rated: 0,
      avgScore: null,
      satisfied: 0,
      satisfactionRate: null,
    });
    // The first terminal, its clerk logged out: the window's figures, no clerk's.
    const first = ok(await w1.command('day_figures', {}));
    expect(first.window).toEqual(figures.window);
    expect(first.clerk).toBeNull();
  });

  it("agrees with the admin console's report by window and by clerk", async () => {
    const byWindow = await report('window');
    const byStaff = await report('staff');
    for (const [client, windowId, staffCode] of [
      [w1b, 'w1', 'C02'],
      [w10, 'w10', 'C10'],
    ] as const) {
      const figures = ok(await client.command('day_figures', {}));
      expect(figures.window, windowId).toEqual(
        figuresOfRow(byWindow.find((r) => r.key === windowId)),
      );
      // Each of these clerks worked at this one window only: their row is their part here.
      const { staffCode: code, ...clerk } = figures.clerk ?? { staffCode: '' };
      expect(code).toBe(staffCode);
      expect(clerk, staffCode).toEqual(figuresOfRow(byStaff.find((r) => r.key === staffCode)));
    }
    const c01 = figuresOfRow(byStaff.find((r) => r.key === 'C01'));
    expect([c01.served, c01.noShow, c01.rated]).toEqual([2, 1, 1]);
    expect(ok(await w10.command('day_figures', {})).window).toMatchObject({
      served: 2,
      transfers: 0,
      rated: 1,
      satisfied: 0,
      satisfactionRate: 0,
    });
  });

  it("refuses a message that names another window, and every role but the window's", async () => {
    const named = await w1b.command('day_figures', { windowId: 'w10' });
    expect(named.ok ? null : named.error.code).toBe('invalid_message');
    const clerk = await w1b.command('day_figures', { staffCode: 'C10' });
    expect(clerk.ok ? null : clerk.error.code).toBe('invalid_message');
    // A rating pad of the window has no such command.
    const pad = await (pad1 as unknown as HubClient<'window'>).command('day_figures', {});
    expect(pad.ok ? null : pad.error.code).toBe('invalid_message');
  });
});
