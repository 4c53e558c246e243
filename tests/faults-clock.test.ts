import { afterEach, describe, expect, it } from 'vitest';
import type { SequencedEvent } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';

/*
 * The clock and the business day: the hall's clock stepping forward or back (an NTP fix, a
 * wrong hand-set time), and the day rolling over with tickets still waiting. The day is kept or
 * rolled as it should be, no number is handed out twice, and the clients are told live.
 * (tests/business-day.test.ts has the plain midnight rollover and a step back across midnight.)
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 2026-11-27 10:00 in Asia/Shanghai.
const MORNING = Date.UTC(2026, 10, 27, 2, 0);
// 2026-11-27 23:50 in Asia/Shanghai.
const LATE = Date.UTC(2026, 10, 27, 15, 50);

let hall: HubTestHall | null = null;
afterEach(async () => {
  await hall?.close();
  hall = null;
});

async function issue(kiosk: HubClient<'kiosk'>, serviceId: string): Promise<string> {
  const r = await kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
  });
  if (!r.ok) throw new Error(`issue_ticket: ${r.error.code}`);
  return r.result.ticket.id;
}

/** The live (not replayed) events a client is given, in order. */
function liveEvents(client: HubClient<'kiosk' | 'display' | 'window'>): SequencedEvent[] {
  const seen: SequencedEvent[] = [];
  client.onEvents((events, { replayed }) => {
    if (!replayed) seen.push(...events);
  });
  return seen;
}

/** Every ticket id issued in the log: none twice. */
function issuedIds(h: HubTestHall): string[] {
  return h.hub.store
    .eventsAfter(0, 10_000)
    .flatMap((e) => (e.type === 'ticket_issued' ? [e.ticket.id] : []));
}

describe('the clock', () => {
  it('steps back within the day: the day stays, numbering goes on, no number twice', async () => {
    const clock = new FakeClock(MORNING);
    hall = await HubTestHall.start({ now: clock.now });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    expect(await issue(kiosk, 'tax')).toBe('2026-11-27/H001');
    expect(await issue(kiosk, 'tax')).toBe('2026-11-27/H002');
    clock.advance(-2 * HOUR); // 08:00 again
    hall.hub.rollDay();
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-27', status: 'open' });
    expect(await issue(kiosk, 'tax')).toBe('2026-11-27/H003');
    clock.advance(3 * HOUR); // forward to 11:00, still the same day
    hall.hub.rollDay();
    expect(await issue(kiosk, 'tax')).toBe('2026-11-27/H004');
    const ids = issuedIds(hall);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('steps forward by days: the old day closes, its waiting tickets expire, today opens with numbers from 001; the clients are told', async () => {
    const clock = new FakeClock(MORNING);
    hall = await HubTestHall.start({ now: clock.now });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const display = await hall.client('display', await hall.pair('display'));
    const seen = liveEvents(display);
    const waiting = [
      await issue(kiosk, 'tax'),
      await issue(kiosk, 'tax'),
      await issue(kiosk, 'fund'),
    ];
    expect(waiting).toEqual(['2026-11-27/H001', '2026-11-27/H002', '2026-11-27/K001']);

    clock.advance(3 * 24 * HOUR); // the clock jumps to the 30th
    hall.hub.rollDay();
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-30', status: 'open' });
    // One close and one open: the days in between never opened.
    const days = hall.hub.store
      .eventsAfter(0, 1_000)
      .flatMap((e) =>
        e.type === 'day_opened' || e.type === 'day_closed' ? [`${e.type} ${e.businessDay}`] : [],
      );
    expect(days).toEqual([
      'day_opened 2026-11-27',
      'day_closed 2026-11-27',
      'day_opened 2026-11-30',
    ]);
    const closed = hall.hub.store.eventsAfter(0, 1_000).find((e) => e.type === 'day_closed');
    expect(closed?.type === 'day_closed' && [...closed.expiredTicketIds].sort()).toEqual(
      [...waiting].sort(),
    );

    // The display was told live, and its mirror is the new, empty day.
    await waitFor(
      () => display.state?.day?.businessDay === '2026-11-30',
      5_000,
      'the display to see the new day',
    );
    expect(seen.map((e) => e.type)).toEqual(expect.arrayContaining(['day_closed', 'day_opened']));
    expect(display.state?.tickets.size).toBe(0);
    // In the log's order, none taken as replayed: the last ticket before the jump too.
    expect(seen.map((e) => e.type)).toEqual([
      'ticket_issued',
      'ticket_issued',
      'ticket_issued',
      'day_closed',
      'day_opened',
    ]);
    expect(await issue(kiosk, 'tax')).toBe('2026-11-30/H001');
    const ids = issuedIds(hall);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the day rolling over', () => {
  it('with tickets waiting, called and parked: they expire, the clients are told, the numbers start again', async () => {
    const clock = new FakeClock(LATE);
    hall = await HubTestHall.start({ now: clock.now });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const display = await hall.client('display', await hall.pair('display'));
    const window = await hall.openWindow('w10', 'C10');
    const fromDisplay = liveEvents(display);
    const fromKiosk = liveEvents(kiosk);
    const a = await issue(kiosk, 'tax');
    const b = await issue(kiosk, 'tax');
    const c = await issue(kiosk, 'tax');
    const called = await window.command('call_next', {});
    expect(called.ok && called.result.ticket?.id).toBe(a);
    const parked = await window.command('park', {
      until: null,
      note: 'fetching papers',
    });
    expect(parked.ok, JSON.stringify(parked)).toBe(true);
    const calledB = await window.command('call_next', {});
    expect(calledB.ok && calledB.result.ticket?.id).toBe(b);

    clock.advance(15 * MINUTE); // 00:05 on the 28th
    hall.hub.rollDay();
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-28', status: 'open' });
    const closed = hall.hub.store.eventsAfter(0, 1_000).find((e) => e.type === 'day_closed');
    expect(closed?.type === 'day_closed' && [...closed.expiredTicketIds].sort()).toEqual(
      [a, b, c].sort(),
    );
    const stored = hall.hub.store.connection
      .prepare<[], { id: string; status: string }>(
        "SELECT id, status FROM tickets WHERE business_day = '2026-11-27' ORDER BY id",
      )
      .all();
    expect(stored.map((t) => t.status)).toEqual(['expired', 'expired', 'expired']);

    for (const [who, client, seen] of [
      ['display', display, fromDisplay],
      ['kiosk', kiosk, fromKiosk],
    ] as const) {
      await waitFor(
        () => client.state?.day?.businessDay === '2026-11-28',
        5_000,
        `${who} to see the new day`,
      );
      const types = seen.map((e) => e.type);
      expect(types.indexOf('day_closed'), who).toBeGreaterThanOrEqual(0);
      expect(types.indexOf('day_opened'), who).toBeGreaterThan(types.indexOf('day_closed'));
      expect(client.state?.tickets.size, who).toBe(0);
    }
    expect(await issue(kiosk, 'tax')).toBe('2026-11-28/H001');
    // The clerk's window starts the new day with nothing in hand.
    await waitFor(() => window.state?.day?.businessDay === '2026-11-28', 5_000, 'the terminal');
    expect(window.state?.windows.get('w10')?.currentTicketId ?? null).toBeNull();
  });

  it('waits for a visitor being served at midnight, then rolls', async () => {
    const clock = new FakeClock(LATE);
    hall = await HubTestHall.start({ now: clock.now });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const window = await hall.openWindow('w10', 'C10');
    const served = await issue(kiosk, 'tax');
    const waiting = await issue(kiosk, 'tax');
    expect((await window.command('call_next', {})).ok).toBe(true);
    expect((await window.command('start_serving', {})).ok).toBe(true);

    clock.advance(15 * MINUTE);
    hall.hub.rollDay();
    // Someone is at the counter: the day is not closed under them.
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-27', status: 'open' });
    expect(hall.hub.current.tickets.get(served)?.status).toBe('serving');

    const finished = await window.command('finish', {});
    expect(finished.ok).toBe(true);
    hall.hub.rollDay();
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-28', status: 'open' });
    const closed = hall.hub.store.eventsAfter(0, 1_000).find((e) => e.type === 'day_closed');
    expect(closed?.type === 'day_closed' && closed.expiredTicketIds).toEqual([waiting]);
    expect(await issue(kiosk, 'tax')).toBe('2026-11-28/H001');
  });
});
