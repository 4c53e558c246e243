import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, HubTestHall } from './support/hall.js';

const MINUTE = 60_000;
// 2026-11-27 23:50 in Asia/Shanghai.
const LATE = Date.UTC(2026, 10, 27, 15, 50);

let hall: HubTestHall;
afterEach(async () => {
  await hall.close();
});

describe('the business day', () => {
  it('rolls over at midnight in the hall timezone: waiting tickets expire, numbers start again', async () => {
    const clock = new FakeClock(LATE);
    hall = await HubTestHall.start({ now: clock.now });
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-27', status: 'open' });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const first = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
    });
    expect(first.ok && first.result.ticket.number).toBe('H001');

    clock.advance(5 * MINUTE); // 23:55: still the same day
    hall.hub.rollDay();
    expect(hall.hub.current.day?.businessDay).toBe('2026-11-27');

    clock.advance(10 * MINUTE); // 00:05 the next day
    hall.hub.rollDay();
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-28', status: 'open' });
    const log = hall.hub.store.eventsAfter(0, 100).map((e) => e.type);
    expect(log.slice(-2)).toEqual(['day_closed', 'day_opened']);
    const closed = hall.hub.store.eventsAfter(0, 100).find((e) => e.type === 'day_closed');
    expect(closed?.type === 'day_closed' && closed.expiredTicketIds).toEqual(['2026-11-27/H001']);

    const next = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
    });
    expect(next.ok && next.result.ticket.id).toBe('2026-11-28/H001');
  });

  it('keeps the later day when the clock steps back, and rebuilds the same day after a restart', async () => {
    const clock = new FakeClock(LATE + 20 * MINUTE); // 00:10 on the 28th
    hall = await HubTestHall.start({ now: clock.now });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    await kiosk.command('issue_ticket', { itinerary: [{ serviceIds: ['tax'] }], class: 'normal' });
    clock.advance(-30 * MINUTE); // the clock is set back to 23:40 on the 27th
    hall.hub.rollDay();
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-28', status: 'open' });
    const again = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
    });
    expect(again.ok && again.result.ticket.id).toBe('2026-11-28/H002');

    const { dbPath, dir } = hall;
    const before = structuredClone([...hall.hub.current.tickets.values()]);
    await hall.close({ keepFiles: true });
    hall = await HubTestHall.start({ now: clock.now, dbPath });
    expect([...hall.hub.current.tickets.values()]).toEqual(before);
    await hall.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    hall = await HubTestHall.start(); // for afterEach
  });
});
