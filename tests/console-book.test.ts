import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import type { BookChange, HallConfig } from '@onestop/shared';
import { BookingLink, DEMO_HALL, importAppointments, NotifySender } from '@onestop/hub';
import { ok } from './support/acks.js';
import { FakeProvider } from './support/fake-notify.js';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';

/*
 * The console's book (预约) and outbox (通知) against a real hub on a real SQLite file, through
 * real sockets: a day's slots and bookings; a manager's cancel, move and add, refused for a
 * full, closed or past slot with nothing changed; the region's next push sees the places; a
 * failed message sent again once, never a sent one; a supervisor reads and changes nothing.
 * The booking and remote-number settings saved in the console: the next push offers the new
 * capacity; an unknown service, a capacity of 0 or 5000 refused naming the field, nothing changed.
 */

const HOUR = 3_600_000;
// Friday 2026-11-27, 08:30 in Asia/Shanghai.
const START = Date.UTC(2026, 10, 27, 0, 30);
/** 09:00 in Shanghai on a day of late November 2026 (the 27th is a Friday). */
const nineOn = (date: number) => Date.UTC(2026, 10, date, 1, 0);
const MONDAY = '2026-11-30';
const PHONE = '13812345678';

let clock: FakeClock;
let sms: FakeProvider;
let hall: HubTestHall;
let sender: NotifySender;
let admin: HubClient<'admin'>;
let supervisor: HubClient<'admin'>;

function configWith(smsUrl: string): HallConfig {
  const config = structuredClone(DEMO_HALL);
  config.hall.holidays = ['2026-12-01'];
  config.hall.booking = { slotMinutes: 60, daysAhead: 5, capacity: { tax: 2 } };
  for (const s of config.services) {
    if (s.id === 'tax') s.hours = [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '11:00' }];
  }
  config.notify = {
    kioskAsksPhone: true,
    aheadDefault: 5,
    aheadByService: [],
    sms: { url: `${smsUrl}/v1/sms/send`, templateNear: 'T_NEAR', templateCalled: 'T_CALLED' },
    wechat: null,
  };
  return config;
}

const book = async (day: string) =>
  ok(await admin.command('book_day', { businessDay: day, serviceId: 'tax' }));
const change = (c: BookChange, by: HubClient<'admin'> = admin) =>
  by.command('book_change', { change: c });
const issueOf = (ack: { ok: true } | { ok: false; error: object }) =>
  ack.ok
    ? 'OK'
    : 'issues' in ack.error && Array.isArray(ack.error.issues)
      ? ack.error.issues.map((i: { code: string }) => i.code).join(',')
      : 'no issue';
/** The audit's entries of one type, with no other filter. */
const anyTicket = { ticketId: null, windowId: null, staffCode: null, afterSeq: 0, limit: 50 };
const audited = async (type: 'booking_changed' | 'outbox_resent' | 'config_changed') =>
  ok(await admin.command('audit', { ...anyTicket, from: 0, to: clock.t + HOUR, type })).entries.map(
    (e) => e.event,
  );

const rowsNow = () => hall.hub.store.notify.outbox(hall.hub.today());

beforeAll(async () => {
  clock = new FakeClock(START);
  sms = await FakeProvider.start('sms');
  hall = await HubTestHall.start({ config: configWith(sms.url), now: clock.now });
  sender = NotifySender.start(hall.hub, {
    secrets: { smsApiKey: 'sms-key-1', wechatAppSecret: null },
    pollMs: 50,
    maxAttempts: 1,
  });
  admin = await hall.client('admin', await hall.login());
  supervisor = await hall.client('admin', await hall.login('S01', '2468'));
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
});

afterAll(async () => {
  await sender.stop();
  await hall.close();
  await sms.close();
});

describe('the book', () => {
  it('lists the slots with their places and the bookings with channel and masked phone', async () => {
    const empty = await book(MONDAY);
    expect(empty.holiday).toBe(false);
    expect(empty.slots).toEqual([
      { serviceId: 'tax', at: nineOn(30), capacity: 2, booked: 0, remaining: 2 },
      { serviceId: 'tax', at: nineOn(30) + HOUR, capacity: 2, booked: 0, remaining: 2 },
    ]);
    const added = ok(
      await change({ kind: 'add', serviceId: 'tax', slotAt: nineOn(30), phone: PHONE }),
    );
    expect(added.booking).toMatchObject({
      serviceId: 'tax',
      slotAt: nineOn(30),
      channel: 'staff',
      status: 'booked',
      phoneMasked: '138****5678',
    });
    importAppointments(hall.hub, `date,time,service,code,phone_last4\n${MONDAY},10:00,tax,4711,\n`);
    const day = await book(MONDAY);
    expect(day.slots.map((s) => s.remaining)).toEqual([1, 1]);
    expect(day.bookings.map((b) => [b.channel, b.phoneMasked])).toEqual([
      ['staff', '138****5678'],
      ['csv', null],
    ]);
    // The holiday of the calendar has no slot.
    const holiday = await book('2026-12-01');
    expect(holiday).toMatchObject({ holiday: true, slots: [] });
  });

  it('refuses a full, closed or past slot and bad input, changing nothing', async () => {
    const before = await book(MONDAY);
    const auditBefore = (await audited('booking_changed')).length;
    ok(await change({ kind: 'add', serviceId: 'tax', slotAt: nineOn(30), phone: '13900001111' }));
    const full = await change({ kind: 'add', serviceId: 'tax', slotAt: nineOn(30), phone: PHONE });
    expect(issueOf(full)).toBe('slot_full');
    // The holiday (Tuesday 1 December), a time that is no slot's start, a past day.
    const holiday = Date.UTC(2026, 11, 1, 1, 0);
    expect(
      issueOf(await change({ kind: 'add', serviceId: 'tax', slotAt: holiday, phone: PHONE })),
    ).toBe('slot_closed');
    expect(
      issueOf(
        await change({ kind: 'add', serviceId: 'tax', slotAt: nineOn(30) + 60_000, phone: PHONE }),
      ),
    ).toBe('slot_closed');
    expect(
      issueOf(await change({ kind: 'add', serviceId: 'tax', slotAt: nineOn(26), phone: PHONE })),
    ).toBe('slot_past');
    const bad = await change({
      kind: 'add',
      serviceId: 'tax',
      slotAt: nineOn(30) + HOUR,
      phone: '123',
    });
    expect(bad.ok ? 'OK' : bad.error.code).toBe('invalid_message');
    const after = await book(MONDAY);
    expect(after.bookings).toHaveLength(before.bookings.length + 1);
    expect(after.slots.map((s) => s.remaining)).toEqual([0, 1]);
    expect((await audited('booking_changed')).length).toBe(auditBefore + 1);
  });

  it('moves a booking to a slot with places, not to a full one, and cancels it once', async () => {
    const day = await book(MONDAY);
    const nine = day.bookings.find(
      (b) => b.slotAt === nineOn(30) && b.phoneMasked === '138****5678',
    );
    if (nine === undefined) throw new Error('no booking at 09:00');
    const moved = ok(
      await change({ kind: 'move', appointmentId: nine.id, slotAt: nineOn(30) + HOUR }),
    );
    expect(moved.booking).toMatchObject({
      id: nine.id,
      slotAt: nineOn(30) + HOUR,
      code: nine.code,
    });
    // 10:00 now holds two: the other 09:00 booking cannot follow.
    const other = day.bookings.find((b) => b.slotAt === nineOn(30) && b.id !== nine.id);
    if (other === undefined) throw new Error('no second booking at 09:00');
    expect(
      issueOf(await change({ kind: 'move', appointmentId: other.id, slotAt: nineOn(30) + HOUR })),
    ).toBe('slot_full');
    expect(ok(await change({ kind: 'cancel', appointmentId: nine.id })).booking.status).toBe(
      'cancelled',
    );
    expect(issueOf(await change({ kind: 'cancel', appointmentId: nine.id }))).toBe(
      'booking_not_booked',
    );
    expect((await book(MONDAY)).slots.map((s) => s.remaining)).toEqual([1, 1]);
    const events = await audited('booking_changed');
    expect(events.at(-2)).toMatchObject({
      change: 'moved',
      appointmentId: nine.id,
      fromSlotAt: nineOn(30),
    });
    expect(events.at(-1)).toMatchObject({ change: 'cancelled', appointmentId: nine.id });
  });

  it('gives the region the new places on the next push', async () => {
    const link = new BookingLink(hall.hub);
    const left = () => link.slots().slots.find((s) => s.at === nineOn(30) + HOUR)?.remaining;
    expect(left()).toBe(1);
    ok(await change({ kind: 'add', serviceId: 'tax', slotAt: nineOn(30) + HOUR, phone: PHONE }));
    expect(left()).toBe(0);
  });

  it('shows a booking past its slot and grace as a no-show', async () => {
    const today = ok(
      await change({ kind: 'add', serviceId: 'tax', slotAt: nineOn(27), phone: PHONE }),
    );
    clock.t = nineOn(27) + HOUR;
    const day = ok(await admin.command('book_day', { businessDay: '2026-11-27', serviceId: null }));
    expect(day.bookings.find((b) => b.id === today.booking.id)?.status).toBe('no_show');
  });

  it('lets a supervisor read the book and change nothing', async () => {
    expect((await book(MONDAY)).slots).toHaveLength(2);
    const refused = await change({ kind: 'cancel', appointmentId: 'ap-000000000000' }, supervisor);
    expect(refused.ok ? 'OK' : refused.error.code).toBe('forbidden');
  });
});

describe('the outbox', () => {
  it('lists a failed message and sends it again once, never a sent one', async () => {
    sms.script.push({ status: 500, body: { error: 'gateway down' } });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
        phone: PHONE,
      }),
    );
    // No one ahead: the turn-near message is skipped; the call's message fails once.
    const w1 = await hall.openWindow('w1', 'C01');
    ok(await w1.command('call_next', {}));
    await waitFor(() => rowsNow().some((r) => r.status === 'failed'), 10_000, 'the message failed');
    expect(ok(await admin.command('list_outbox', { status: 'skipped' })).rows).toMatchObject([
      { kind: 'near', subject: 'A001', status: 'skipped' },
    ]);
    const [failed] = ok(await admin.command('list_outbox', { status: 'failed' })).rows;
    expect(failed).toMatchObject({
      source: 'visitor',
      kind: 'called',
      subject: 'A001',
      phoneMasked: '138****5678',
      channel: 'sms',
      attempts: 1,
    });
    if (failed === undefined) throw new Error('no failed row');
    expect(ok(await supervisor.command('list_outbox', { status: null })).rows).toHaveLength(2);
    const forbidden = await supervisor.command('resend_outbox', {
      source: 'visitor',
      id: failed.id,
    });
    expect(forbidden.ok ? 'OK' : forbidden.error.code).toBe('forbidden');

    const resent = ok(await admin.command('resend_outbox', { source: 'visitor', id: failed.id }));
    expect(resent.row.status).toBe('retrying');
    await waitFor(() => sms.deliveries.length === 1, 10_000, 'the message sent');
    await waitFor(() => rowsNow().some((r) => r.status === 'sent'), 10_000, 'marked sent');
    const again = await admin.command('resend_outbox', { source: 'visitor', id: failed.id });
    expect(issueOf(again)).toBe('outbox_not_failed');
    expect(sms.deliveries).toHaveLength(1);
    expect(await audited('outbox_resent')).toMatchObject([
      { source: 'visitor', messageId: failed.id },
    ]);
  });
});

describe('booking and remote numbers set in the console', () => {
  const saveBooking = (booking: HallConfig['hall']['booking'] | null, by = admin) =>
    by.command('change_config', { change: { kind: 'booking', booking: booking ?? null } });
  const pathsOf = (ack: { ok: true } | { ok: false; error: object }) =>
    ack.ok
      ? 'OK'
      : 'issues' in ack.error && Array.isArray(ack.error.issues)
        ? ack.error.issues.map((i: { path: string }) => i.path).join(',')
        : 'no issue';

  it('saves the capacity per service, audited, and the next push offers it', async () => {
    const link = new BookingLink(hall.hub);
    // Monday 10:00 was filled to its 2 places above.
    const left = () =>
      link.slots().slots.find((s) => s.serviceId === 'tax' && s.at === nineOn(30) + HOUR)
        ?.remaining;
    expect(left()).toBe(0);
    const before = (await audited('config_changed')).length;
    const booking = { slotMinutes: 60, daysAhead: 5, capacity: { tax: 4, 'biz-open': 3 } };
    ok(await saveBooking(booking));
    expect(hall.hub.config.hall.booking).toEqual(booking);
    expect(hall.hub.store.loadConfig()?.hall.booking).toEqual(booking);
    expect(left()).toBe(2);
    expect(link.slots().services.map((s) => s.id)).toEqual(
      expect.arrayContaining(['tax', 'biz-open']),
    );
    expect(await audited('config_changed')).toHaveLength(before + 1);
  });

  it('refuses an unknown service, a capacity of 0 or 5000, or a supervisor, changing nothing', async () => {
    const saved = structuredClone(hall.hub.config.hall.booking);
    const before = (await audited('config_changed')).length;
    const base = { slotMinutes: 60, daysAhead: 5 };
    expect(pathsOf(await saveBooking({ ...base, capacity: { nope: 2 } }))).toBe(
      'hall.booking.capacity.nope',
    );
    expect(pathsOf(await saveBooking({ ...base, capacity: { tax: 0 } }))).toBe(
      'change.booking.capacity.tax',
    );
    expect(pathsOf(await saveBooking({ ...base, capacity: { tax: 5000 } }))).toBe(
      'change.booking.capacity.tax',
    );
    const byStaff = await saveBooking({ ...base, capacity: { tax: 9 } }, supervisor);
    expect(byStaff.ok ? 'OK' : byStaff.error.code).toBe('forbidden');
    const remote = await admin.command('change_config', {
      change: {
        kind: 'remote',
        remote: {
          enabled: true,
          confirmWithinMinutes: 10,
          serviceIds: ['nope'],
          perPhonePerDay: 2,
        },
      },
    });
    expect(pathsOf(remote)).toBe('hall.remote.serviceIds.0');
    expect(hall.hub.config.hall.booking).toEqual(saved);
    expect(hall.hub.config.hall.remote).toBeUndefined();
    expect(await audited('config_changed')).toHaveLength(before);
  });

  it('sets remote numbers, and turns online booking off', async () => {
    const remote = {
      enabled: true,
      confirmWithinMinutes: 10,
      serviceIds: ['tax'],
      perPhonePerDay: 2,
    };
    ok(await admin.command('change_config', { change: { kind: 'remote', remote } }));
    expect(hall.hub.config.hall.remote).toEqual(remote);
    ok(await saveBooking(null));
    expect(hall.hub.config.hall.booking).toBeUndefined();
    expect(new BookingLink(hall.hub).slots().services).toEqual([]);
  });
});
