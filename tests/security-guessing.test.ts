import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { CHECKIN_GUESS_POLICY, createDevice, PAIR_GUESS_LIMIT } from '@onestop/hub';
import { ok, said } from './support/acks.js';
import { FakeClock, HubTestHall } from './support/hall.js';
import { rawRequest, type RawResponse } from './support/hostile-http.js';

/*
 * Guessing is limited. `POST /api/pair` took 500 wrong codes at 400–800 a second; now an address
 * gets 10 wrong codes, then one every 30 s (429, Retry-After). `check_in` took 40 wrong phone
 * digits and then the right ones; now 5 wrong tries lock the booking for 30 minutes.
 */

const MINUTE = 60_000;
/** 09:00 in Shanghai. */
const NINE = Date.UTC(2026, 10, 27, 1, 0);

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
beforeAll(async () => {
  clock = new FakeClock(NINE);
  hall = await HubTestHall.start({ now: clock.now });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
});
afterAll(async () => {
  await hall.close();
});

function pair(code: string, localAddress: string): Promise<RawResponse> {
  return rawRequest(hall.url, '/api/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
    localAddress,
  });
}

const errorOf = (res: RawResponse): string =>
  `${res.status} ${(JSON.parse(res.body) as { error?: { code: string } }).error?.code ?? 'OK'}`;

const newCode = () =>
  createDevice(
    hall.hub.store,
    hall.hub.config,
    { kind: 'display', name: 'd', windowId: null },
    clock.now(),
  );

describe('POST /api/pair', () => {
  it('answers 429 with Retry-After once an address has spent its wrong codes, others pair on', async () => {
    expect(PAIR_GUESS_LIMIT).toEqual({ burst: 10, refillMs: 30_000 });
    const guesser = '127.0.0.4';
    for (let i = 0; i < PAIR_GUESS_LIMIT.burst; i++) {
      expect(errorOf(await pair(`ZZZZ${String(2222 + i)}`, guesser))).toBe('400 unauthorized');
    }
    const device = newCode();
    const limited = await pair(device.pairingCode, guesser);
    expect(errorOf(limited)).toBe('429 rate_limited');
    expect(limited.headers['retry-after']).toBe('30');
    expect(limited.body).toContain('too many wrong pairing codes from this address');
    // Refused before the code was looked at: it still pairs, from elsewhere.
    expect(hall.hub.store.device(device.deviceId)?.pairedAt ?? null).toBeNull();
    expect(errorOf(await pair(device.pairingCode, '127.0.0.1'))).toBe('200 OK');

    // One more try every 30 s.
    clock.advance(PAIR_GUESS_LIMIT.refillMs - 1_000);
    const early = await pair('ZZZZ3333', guesser);
    expect(errorOf(early)).toBe('429 rate_limited');
    expect(early.headers['retry-after']).toBe('1');
    clock.advance(1_000);
    expect(errorOf(await pair('ZZZZ3333', guesser))).toBe('400 unauthorized');
    expect(errorOf(await pair('ZZZZ4444', guesser))).toBe('429 rate_limited');
  });

  it('never slows pairing with right codes, however many', async () => {
    for (let i = 0; i < 3 * PAIR_GUESS_LIMIT.burst; i++) {
      expect(errorOf(await pair(newCode().pairingCode, '127.0.0.5'))).toBe('200 OK');
    }
  });
});

describe('check_in', () => {
  it('locks a booking after 5 wrong phone digits, from every kiosk, until the time it says', async () => {
    expect(CHECKIN_GUESS_POLICY).toEqual({ maxWrong: 5, lockMs: 30 * MINUTE });
    const slotAt = clock.now() + 40 * MINUTE;
    ok(
      await admin.command('book_appointment', {
        code: '730001',
        serviceId: 'estate-reg',
        slotAt,
        phoneLast4: '0417',
      }),
    );
    ok(
      await admin.command('book_appointment', {
        code: '730002',
        serviceId: 'estate-reg',
        slotAt,
        phoneLast4: '0417',
      }),
    );
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const other = await hall.client('kiosk', await hall.pair('kiosk'));
    const tries = (phoneLast4: string, at = kiosk, code = '730001') =>
      at.command('check_in', { code, phoneLast4 });

    for (let i = 1; i < CHECKIN_GUESS_POLICY.maxWrong; i++) {
      expect(said(await tries(`900${i}`))).toMatch(
        new RegExp(
          `^appointment_phone_mismatch: .*\\(${CHECKIN_GUESS_POLICY.maxWrong - i} more tries`,
        ),
      );
    }
    const until = new Date(clock.now() + CHECKIN_GUESS_POLICY.lockMs).toISOString();
    expect(said(await tries('9005'))).toBe(
      `appointment_locked: wrong phone digits for ${bookingId('730001')}, 5 times: locked until ${until}`,
    );
    // The right digits now, at this kiosk or another: still locked, and no ticket.
    expect(said(await tries('0417'))).toMatch(
      new RegExp(`^appointment_locked: .* locked until ${until}`),
    );
    expect(said(await tries('0417', other))).toMatch(/^appointment_locked: .*staff at the desk/);
    expect(appointmentTickets()).toBe(0);
    // Another booking is not locked by them.
    expect(ok(await tries('0417', kiosk, '730002')).ticket.class).toBe('appointment');

    clock.advance(CHECKIN_GUESS_POLICY.lockMs - 1);
    expect(said(await tries('0417'))).toMatch(/^appointment_locked/);
    clock.advance(1);
    expect(ok(await tries('0417')).ticket.appointment?.code).toBe('730001');
    expect(appointmentTickets()).toBe(2);
  });
});

function bookingId(code: string): string {
  const row = hall.hub.store.connection
    .prepare<[string], { id: string }>('SELECT id FROM appointments WHERE code = ?')
    .get(code);
  return row?.id ?? '';
}

function appointmentTickets(): number {
  return [...hall.hub.current.tickets.values()].filter((t) => t.class === 'appointment').length;
}
