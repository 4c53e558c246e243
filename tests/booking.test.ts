import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingLink, DEMO_HALL, setUpLink } from '@onestop/hub';
import type { RegionDb } from '@onestop/region';
import {
  BOOKING_PATHS,
  idCheckChar,
  type HallConfig,
  type PublicBookingHalls,
  type PublicBookingStatus,
} from '@onestop/shared';
import { edgeJson, startEdgeRegion, workedSum, type EdgeRegion } from './support/edge.js';
import { ok } from './support/acks.js';
import { FakeClock, HubTestHall } from './support/hall.js';

/*
 * Booking from the phone with a real hub and a real region on a throwaway PostgreSQL: the open
 * slots and a holiday, requests decided against capacity (never overbooked, also when many come
 * at once), cancel and move by the booking's token, the limits and the challenge, and the phone
 * number gone from the region once the hall has answered; an ID number typed on the page kept
 * by the hub only as its HMAC, so the card checks the booking in at the kiosk.
 */

/** Monday 2026-03-02 10:00 in Asia/Shanghai. */
const MONDAY_10 = Date.UTC(2026, 2, 2, 2, 0);
/** A slot: day of March 2026 and hour, Asia/Shanghai. */
const at = (day: number, hour: number): number => Date.UTC(2026, 2, day, hour - 8, 0);

const CONFIG: HallConfig = structuredClone(DEMO_HALL);
CONFIG.hall.holidays = ['2026-03-04'];
CONFIG.hall.booking = { slotMinutes: 60, daysAhead: 3, capacity: { tax: 2 } };
for (const s of CONFIG.services) {
  if (s.id === 'tax') s.hours = [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '11:00' }];
}

let edge: EdgeRegion;
let db: RegionDb;
let url: string;
let hall: HubTestHall;
let hallId: string;
let link: BookingLink;
const clock = new FakeClock(MONDAY_10);

beforeAll(async () => {
  edge = await startEdgeRegion();
  ({ db, url } = edge);
  hall = await HubTestHall.start({ config: CONFIG, now: clock.now });
  const added = await edge.region.addHall('市民中心');
  await setUpLink(
    hall.hub.store.regionLink,
    { url, code: added.code },
    { hubVersion: 'test', now: hall.hub.now() },
  );
  hallId = added.hallId;
  link = new BookingLink(hall.hub, { timeoutMs: 5_000 });
}, 120_000);
afterAll(async () => {
  await link?.stop();
  await hall?.close();
  await edge?.close();
}, 60_000);

const json = <T>(path: string, body?: unknown, base = url) => edgeJson<T>(base, path, body);

/** A booking request with the challenge answered (or answered `wrong`). */
async function book(
  slotAt: number,
  phone: string,
  options: { wrong?: boolean; base?: string; idNumber?: string } = {},
) {
  const id = options.idNumber === undefined ? {} : { idNumber: options.idNumber };
  return json<{ token?: string; error?: { code: string } }>(
    BOOKING_PATHS.book,
    { hallId, serviceId: 'tax', slotAt, phone, ...id, ...(await workedSum(url, options.wrong)) },
    options.base,
  );
}

const status = async (token: string) =>
  (await json<PublicBookingStatus>(`${BOOKING_PATHS.status}?token=${token}`)).body;

async function remaining(slotAt: number): Promise<number | undefined> {
  const { halls } = (await json<PublicBookingHalls>(BOOKING_PATHS.halls)).body;
  return halls
    .find((h) => h.hallId === hallId)
    ?.slots.find((s) => s.serviceId === 'tax' && s.at === slotAt)?.remaining;
}

describe('booking from the phone', () => {
  it('offers the open slots with the places left; a holiday has none', async () => {
    const admin = await hall.client('admin', await hall.login());
    const staff = await admin.command('book_appointment', {
      code: null,
      serviceId: 'tax',
      slotAt: at(3, 9),
      phoneLast4: null,
    });
    expect(staff.ok).toBe(true);
    await link.round();
    const { halls } = (await json<PublicBookingHalls>(BOOKING_PATHS.halls)).body;
    expect(halls.map((h) => h.hallId)).toEqual([hallId]);
    expect(halls[0]?.services).toEqual([
      { id: 'tax', name: { zh: '税务综合', en: 'Tax services' } },
    ]);
    // Tuesday and Thursday, 09:00 and 10:00; Wednesday is a holiday; today is never offered.
    expect(halls[0]?.slots).toEqual([
      { serviceId: 'tax', at: at(3, 9), remaining: 1 },
      { serviceId: 'tax', at: at(3, 10), remaining: 2 },
      { serviceId: 'tax', at: at(5, 9), remaining: 2 },
      { serviceId: 'tax', at: at(5, 10), remaining: 2 },
    ]);
    // The hall refuses a slot on the holiday even if asked straight.
    expect((await book(at(4, 9), '13900000001')).status).toBe(409);
  });

  it('never books a slot past its capacity, with many requests at once', async () => {
    await link.round(); // the slots are offered
    const phones = Array.from({ length: 6 }, (_, i) => `1380000000${i}`);
    const asked = await Promise.all(phones.map((p) => book(at(5, 9), p)));
    expect(asked.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const tokens = asked.map((r) => r.body.token ?? '');
    expect((await status(tokens[0] ?? '')).state).toBe('pending');
    // Two rounds at once: they take turns, and each request is decided once.
    await Promise.all([link.round(), link.round()]);
    const after = await Promise.all(tokens.map(status));
    expect(after.filter((s) => s.state === 'booked')).toHaveLength(2);
    expect(after.filter((s) => s.state === 'refused').map((s) => s.refusal)).toEqual([
      'full',
      'full',
      'full',
      'full',
    ]);
    for (const s of after.filter((x) => x.state === 'booked')) {
      expect(s.code).toMatch(/^\d{6}$/);
      expect(s.serviceName).toEqual({ zh: '税务综合', en: 'Tax services' });
    }
    const inHall = hall.hub.store.appointments
      .byDay('2026-03-05')
      .filter((r) => r.slot_at === at(5, 9) && r.status === 'booked');
    expect(inHall).toHaveLength(2);
    expect(
      inHall.every((r) => r.origin === 'online' && /^138\*{4}000\d$/.test(r.phone_masked ?? '')),
    ).toBe(true);
    expect(await remaining(at(5, 9))).toBe(0);
    // The phone numbers are only in the hall now.
    const dump = JSON.stringify(
      (await db.query('SELECT * FROM booking_requests')).rows.concat(
        (await db.query('SELECT * FROM bookings')).rows,
      ),
    );
    for (const p of phones) expect(dump).not.toContain(p);
  });

  it('cancels and moves a booking by its link only', async () => {
    const first = await book(at(3, 10), '13700000001');
    const token = first.body.token ?? '';
    await link.round();
    const booked = await status(token);
    expect(booked).toMatchObject({ state: 'booked', slotAt: at(3, 10) });
    expect(await remaining(at(3, 10))).toBe(1);

    // A made-up token finds nothing.
    const other = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await json(BOOKING_PATHS.manage, { token: other, action: 'cancel' })).status).toBe(404);
    expect((await json(`${BOOKING_PATHS.status}?token=${other}`)).status).toBe(404);

    expect(
      (await json(BOOKING_PATHS.manage, { token, action: 'move', slotAt: at(5, 10) })).status,
    ).toBe(200);
    expect((await status(token)).state).toBe('pending');
    await link.round();
    expect(await status(token)).toMatchObject({
      state: 'booked',
      slotAt: at(5, 10),
      code: booked.code,
    });
    expect(await remaining(at(3, 10))).toBe(2);
    expect(await remaining(at(5, 10))).toBe(1);

    expect((await json(BOOKING_PATHS.manage, { token, action: 'cancel' })).status).toBe(200);
    await link.round();
    expect((await status(token)).state).toBe('cancelled');
    expect(await remaining(at(5, 10))).toBe(2);
    expect((await json(BOOKING_PATHS.manage, { token, action: 'cancel' })).status).toBe(404);
  });

  it('refuses a wrong sum, a second request of a waiting phone, a third booking, too many from one address', async () => {
    const wrong = await book(at(5, 10), '13600000001', { wrong: true });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'challenge_failed' } } });
    // A challenge is answered once.
    const body = {
      hallId,
      serviceId: 'tax',
      slotAt: at(5, 10),
      phone: '13600000001',
      ...(await workedSum(url)),
    };
    expect((await json(BOOKING_PATHS.book, body)).status).toBe(200);
    expect((await json(BOOKING_PATHS.book, body)).body).toMatchObject({
      error: { code: 'challenge_failed' },
    });
    // While the hall has not answered, the same phone waits.
    const again = await book(at(3, 10), '13600000001');
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'phone_pending' } } });
    await link.round();
    expect((await book(at(3, 10), '13600000001')).status).toBe(200);
    await link.round();
    // Two bookings to come per phone: the third is refused by the hall.
    const third = await book(at(3, 9), '13600000001');
    await link.round();
    expect(await status(third.body.token ?? '')).toMatchObject({
      state: 'refused',
      refusal: 'phone_limit',
    });

    const fromOne = [];
    for (let i = 0; i < 3; i += 1)
      fromOne.push((await book(at(5, 9), `1350000000${i}`, { base: edge.strictUrl })).status);
    expect(fromOne).toEqual([409, 409, 429]);
  });

  it('keeps the ID number typed on the page only as a hash: the card checks the booking in', async () => {
    const first17 = '11010519491231002';
    const WANG = { number: `${first17}${idCheckChar(first17)}`, name: '王五' };
    // A malformed number is refused and changes nothing.
    const count = async () =>
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM booking_requests')).rows[0]?.n;
    const before = await count();
    const wrongCheck = `${first17}${idCheckChar(first17) === '1' ? '2' : '1'}`;
    for (const idNumber of [wrongCheck, first17, 'x'.repeat(18)]) {
      const refused = await book(at(5, 10), '13400000001', { idNumber });
      expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_message' } } });
    }
    expect(await count()).toBe(before);

    const asked = await book(at(5, 10), '13400000001', { idNumber: WANG.number });
    expect(asked.status).toBe(200);
    await link.round();
    expect(await status(asked.body.token ?? '')).toMatchObject({ state: 'booked' });
    const left = await db.query(
      `SELECT 1 FROM booking_requests q WHERE q::text LIKE '%' || $1 || '%'
       UNION ALL SELECT 1 FROM bookings b WHERE b::text LIKE '%' || $1 || '%'`,
      [WANG.number],
    );
    expect(left.rows).toEqual([]);
    const files = [hall.dbPath, `${hall.dbPath}-wal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from(WANG.number))).toBe(false);

    // Thursday 09:50, Monday closed and Thursday open: the card at the kiosk checks the 10:00 booking in.
    clock.t = at(5, 9) + 50 * 60_000;
    const admin = await hall.client('admin', await hall.login());
    ok(await admin.command('close_day', {}));
    ok(await admin.command('open_day', { businessDay: null }));
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const found = ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['tax'] }],
        class: 'normal',
        idCard: WANG,
      }),
    );
    expect(found.found).toBe('appointment');
    expect(found.ticket).toMatchObject({ class: 'appointment', serviceId: 'tax' });
  });
});
