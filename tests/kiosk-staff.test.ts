import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRemoteRequest, DEMO_HALL, LOGIN_POLICY } from '@onestop/hub';
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
