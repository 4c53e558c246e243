import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRow } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { FakeClock, HubTestHall } from './support/hall.js';
import { ok, said } from './support/acks.js';

/**
 * A transfer to one window against a real hub and SQLite file: a window that is closed or does
 * not serve the ticket's service is refused with the reason; a ticket sent to a window that then
 * closes goes back to its service queue, another window serves it, and the reports count the
 * transfer where it was made and the service where it was given, nothing at the closed window.
 */

const MINUTE = 60_000;
// Friday 2026-11-27, 09:00 in Asia/Shanghai.
const START = Date.UTC(2026, 10, 27, 1, 0);
const DAY = '2026-11-27';

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
let kiosk: HubClient<'kiosk'>;

beforeAll(async () => {
  clock = new FakeClock(START);
  hall = await HubTestHall.start({ now: clock.now });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
});

afterAll(async () => {
  await hall.close();
});

async function issue(serviceId: string) {
  return ok(
    await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
    }),
  ).ticket;
}

describe('transfer to a window', () => {
  it('is refused to a closed window or one without the service, and falls back when its window closes', async () => {
    const w1 = await hall.openWindow('w1', 'C01');
    const ticket = await issue('biz-open');
    ok(await w1.command('call_specific', { ticketId: ticket.id }));
    ok(await w1.command('start_serving', {}));
    const transfer = (toWindowId: string) =>
      w1.command('transfer', { toServiceId: null, toWindowId, note: '' });

    // w3 serves biz-open but is closed; w4 is open but does not serve it.
    expect(said(await transfer('w3'))).toMatch(/^transfer_window_closed:/);
    await hall.openWindow('w4', 'C04');
    expect(said(await transfer('w4'))).toMatch(/^transfer_window_not_serving:/);

    const w3 = await hall.openWindow('w3', 'C03');
    clock.t += 5 * MINUTE;
    ok(await transfer('w3'));
    // w2 serves biz-open too, but the ticket is w3's now.
    const w2 = await hall.openWindow('w2', 'C02');
    expect(said(await w2.command('call_next', {}))).toMatch(/^queue_empty:/);

    // w3 closes before calling it: the ticket waits for biz-open again, and w2 serves it.
    clock.t += 5 * MINUTE;
    ok(await w3.command('close_window', {}));
    clock.t += 5 * MINUTE;
    expect(ok(await w2.command('call_next', {})).ticket?.id).toBe(ticket.id);
    ok(await w2.command('start_serving', {}));
    clock.t += 10 * MINUTE;
    ok(await w2.command('finish', {}));

    const rows = ok(await admin.command('report', { from: DAY, to: DAY, by: 'window' })).rows;
    const row = (windowId: string): Partial<ReportRow> =>
      rows.find((r) => r.key === windowId) ?? {};
    expect(row('w1')).toMatchObject({ served: 0, transfers: 1 });
    expect(row('w2')).toMatchObject({ served: 1, transfers: 0, avgServiceMs: 10 * MINUTE });
    expect(row('w3').served ?? 0).toBe(0);
    expect(row('w3').transfers ?? 0).toBe(0);
  });
});
