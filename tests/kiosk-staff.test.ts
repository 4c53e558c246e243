import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRemoteRequest, decideBookingRequest, DEMO_HALL, LOGIN_POLICY } from '@onestop/hub';
import { queuePreview, type HallConfig } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { FakeClock, HubTestHall } from './support/hall.js';
import { ok, said } from './support/acks.js';

/**
 * Issue 17 against a real hub on a real SQLite file: a staff member's code and PIN at the kiosk
 * let a ticket without an ID card through (checked as a window login is, with its lockout), and
 * the window terminal's preview of the next call agrees with `call_next` when an unconfirmed
 * remote number is first in line.
 */

/** Friday 2026-11-27, 10:00 in Shanghai. */
const START = Date.UTC(2026, 10, 27, 2, 0);

function staffHall(): HallConfig {
  const config = structuredClone(DEMO_HALL);
  config.hall.withoutIdCard = 'askStaff';
  config.hall.remote = {
    enabled: true,
    confirmWithinMinutes: 10,
    serviceIds: ['biz-open'],
    perPhonePerDay: 1,
  };
  return config;
}

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
let kiosk: HubClient<'kiosk'>;

/** A ticket without a card at the kiosk, let through (or not) by this code and PIN. */
function withPin(staffCode: string, pin: string, serviceId = 'tax') {
  return kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
    staffPin: { staffCode, pin },
  });
}

beforeAll(async () => {
  clock = new FakeClock(START);
  hall = await HubTestHall.start({ now: clock.now, config: staffHall() });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
});

afterAll(async () => {
  await hall.close();
});

describe("a staff member's PIN at the kiosk (无身份证取号)", () => {
  it('issues with the staff id on the ticket and in the audit; without it, nothing', async () => {
    const tickets = () => hall.hub.current.tickets.size;
    const before = tickets();
    // No card and no PIN: the hall asks staff, so no ticket.
    const bare = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
    });
    expect(said(bare)).toMatch(/^id_card_required/);
    expect(tickets()).toBe(before);

    const { ticket } = ok(await withPin('S01', '2468'));
    expect(ticket.allowedBy).toBe('S01');
    expect(hall.hub.current.tickets.get(ticket.id)?.allowedBy).toBe('S01');
    expect(tickets()).toBe(before + 1);

    // The audit finds the ticket by the staff member who allowed it.
    const audit = ok(
      await admin.command('audit', {
        from: 0,
        to: hall.hub.now() + 1,
        ticketId: null,
        windowId: null,
        staffCode: 'S01',
        type: 'ticket_issued',
        afterSeq: 0,
        limit: 50,
      }),
    );
    const issued = audit.entries.find(
      (e) => e.event.type === 'ticket_issued' && e.event.ticket.id === ticket.id,
    );
    expect(issued?.event).toMatchObject({ ticket: { allowedBy: 'S01' } });

    // With a card, a PIN is out of place: refused, nothing issued.
    const both = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
      idCard: { number: '11010519491231002X', name: '张三' },
      staffPin: { staffCode: 'S01', pin: '2468' },
    });
    expect(said(both)).toMatch(/^invalid_message/);
    expect(tickets()).toBe(before + 1);
  });

  it('refuses a wrong PIN in words, issues nothing, and locks out as the terminal does', async () => {
    const tickets = () => hall.hub.current.tickets.size;
    const before = tickets();
    for (let i = 0; i < LOGIN_POLICY.maxAttempts; i++) {
      expect(said(await withPin('C03', '0000'))).toMatch(/^login_failed/);
    }
    // An unknown code is the same refusal (it does not tell which codes exist).
    expect(said(await withPin('C99', '1234'))).toMatch(/^login_failed/);
    expect(tickets()).toBe(before);
    // Locked: the right PIN too, at this kiosk and at a window terminal from the same address.
    expect(said(await withPin('C03', '1030'))).toMatch(/^locked_out/);
    const terminal = await hall.client('window', await hall.pair('window_terminal', 'w3'));
    expect(said(await terminal.command('staff_login', { staffCode: 'C03', pin: '1030' }))).toMatch(
      /^locked_out/,
    );
    expect(tickets()).toBe(before);
    // The admin lifts the lock as for a terminal's login; then the PIN lets the ticket through.
    ok(await admin.command('unlock_staff', { staffCode: 'C03' }));
    expect(ok(await withPin('C03', '1030')).ticket.allowedBy).toBe('C03');
  });
});

describe("the window terminal's preview of the next call", () => {
  it('passes over an unconfirmed remote number at the head, as call_next does', async () => {
    const answer = await answerRemoteRequest(hall.hub, {
      id: 'preview-1',
      serviceId: 'biz-open',
      phone: '13800000001',
    });
    expect(answer.outcome).toBe('issued');
    clock.advance(60_000);
    const walkIn = ok(await withPin('S01', '2468', 'biz-open')).ticket;
    const window = await hall.openWindow('w1', 'C01');
    const rows = queuePreview(hall.hub.current, 'w1', hall.hub.now());
    const head = rows[0];
    expect(head?.ticket.remote?.confirmedAt).toBeNull();
    expect(head).toMatchObject({ awaitingConfirmation: true, next: false });
    const next = rows.filter((r) => r.next);
    expect(next.map((r) => r.ticket.id)).toEqual([walkIn.id]);
    // The terminal's mirror previews the same, and call_next calls exactly that ticket.
    const mirror = window.state;
    if (mirror === null) throw new Error('the terminal has no mirror');
    expect(queuePreview(mirror, 'w1', hall.hub.now()).find((r) => r.next)?.ticket.id).toBe(
      walkIn.id,
    );
    expect(ok(await window.command('call_next', {})).ticket?.id).toBe(walkIn.id);
  });
});

describe('a phone at check-in (叫号提醒)', () => {
  it("carries an online booking's number to its ticket and the outbox; offers the keypad to one without", async () => {
    const config = structuredClone(DEMO_HALL);
    config.hall.booking = { slotMinutes: 60, daysAhead: 3, capacity: { tax: 4 } };
    config.notify = {
      kioskAsksPhone: true,
      aheadDefault: 0,
      aheadByService: [],
      sms: { url: 'http://127.0.0.1:9/send', templateNear: 'N', templateCalled: 'C' },
      wechat: null,
    };
    const dayClock = new FakeClock(START);
    const booked = await HubTestHall.start({ now: dayClock.now, config });
    try {
      let boss = await booked.client('admin', await booked.login());
      const openDay = async () => {
        const opened = await boss.command('open_day', { businessDay: null });
        if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
      };
      await openDay();
      // Booked online for tomorrow at 10:00 and 11:00, with the visitors' numbers.
      const slot = (hour: number) => START + 24 * 3_600_000 + (hour - 10) * 3_600_000;
      const online = (id: string, phone: string, hour: number) => {
        const answer = decideBookingRequest(booked.hub, {
          id,
          kind: 'book',
          tokenHash: id.repeat(64).slice(0, 64),
          serviceId: 'tax',
          slotAt: slot(hour),
          phone,
        });
        if (answer.outcome !== 'accepted') throw new Error(`refused: ${answer.reason}`);
        return answer.code;
      };
      const withPhone = online('a', '13912345678', 10);
      online('b', '13700000000', 11); // never checked in: its number goes when its day closes
      // Booked at the desk with the last 4 digits only: no number for messages.
      const desk = ok(
        await boss.command('book_appointment', {
          code: null,
          serviceId: 'tax',
          slotAt: slot(10),
          phoneLast4: null,
        }),
      ).appointment.code;

      // The next morning.
      ok(await boss.command('close_day', {}));
      dayClock.advance(24 * 3_600_000 - 20 * 60_000);
      boss = await booked.client('admin', await booked.login()); // a console login lasts 12 h
      await openDay();
      const kiosk = await booked.client('kiosk', await booked.pair('kiosk'));

      const first = ok(
        await kiosk.command('check_in', { code: withPhone, phoneLast4: '5678' }),
      ).ticket;
      expect(booked.hub.store.notify.contactOf(first.id)?.phone).toBe('13912345678');
      const rows = booked.hub.store.appointments.byDay(first.businessDay);
      expect(rows.find((r) => r.code === withPhone)?.phone).toBeNull();

      // No number on file: the hub offers the keypad first (nothing checked in), then takes it.
      const offered = await kiosk.command('check_in', { code: desk, phoneLast4: null });
      expect(said(offered)).toMatch(/^appointment_phone_offer/);
      expect(booked.hub.current.tickets.size).toBe(1);
      const bad = await kiosk.command('check_in', { code: desk, phoneLast4: null, phone: '123' });
      expect(said(bad)).toMatch(/^invalid_message/);
      const second = ok(
        await kiosk.command('check_in', { code: desk, phoneLast4: null, phone: '13812345678' }),
      ).ticket;
      expect(booked.hub.store.notify.contactOf(second.id)?.phone).toBe('13812345678');

      // Called: the message for each is in the outbox.
      const window = await booked.openWindow('w10', 'C10');
      for (let i = 0; i < 2; i++) {
        ok(await window.command('call_next', {}));
        ok(await window.command('no_show', {}));
      }
      const called = booked.hub.store.notify
        .outbox(first.businessDay)
        .filter((m) => m.kind === 'called')
        .map((m) => m.ticket_id);
      expect(called.sort()).toEqual([first.id, second.id].sort());

      // The day closes: the number of the booking never checked in is gone too.
      ok(await window.command('close_window', {}));
      ok(await boss.command('close_day', {}));
      const left = booked.hub.store.appointments.byDay(first.businessDay).map((r) => r.phone);
      expect(left).toEqual([null, null, null]);
      expect(booked.hub.store.notify.contactOf(first.id)).toBeNull();
    } finally {
      await booked.close();
    }
  });
});
