import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/commands.js';
import type { EngineErrorCode } from '../domain/errors.js';
import type { HallConfig } from '../domain/types.js';
import { apply, initialState } from './apply.js';
import { decide } from './decide.js';
import { RECENT_SERVICE_SAMPLES } from './state.js';
import { MINUTE, MONDAY, EngineTestHall, shanghai, testHall } from './test-fixture.js';

/** The code a command is refused with; also checks that deciding changed nothing. */
function refusal(hall: EngineTestHall, command: Command): EngineErrorCode | 'accepted' {
  const before = structuredClone(hall.state);
  const decision = decide(hall.state, command, hall.now);
  expect(hall.state).toEqual(before);
  return decision.ok ? 'accepted' : decision.error.code;
}

function configWith(change: (config: HallConfig) => void): HallConfig {
  const config = testHall();
  change(config);
  return config;
}

describe('initialState', () => {
  it('has one closed window per configured window and no day', () => {
    const state = initialState(testHall());
    expect(state.day).toBeNull();
    expect([...state.windows.keys()]).toEqual(['w1', 'w2', 'w3', 'w4']);
    for (const window of state.windows.values()) {
      expect(window).toMatchObject({ status: 'closed', staffCode: null, currentTicketId: null });
    }
    expect(state.tickets.size).toBe(0);
    expect(state.issuedCount).toBe(0);
  });
});

describe('open_day and close_day', () => {
  it('opens a day, stamping every event with now', () => {
    const hall = new EngineTestHall();
    const events = hall.run({ type: 'open_day', businessDay: MONDAY });
    expect(events).toEqual([{ type: 'day_opened', businessDay: MONDAY, at: hall.now }]);
    expect(hall.state.day).toEqual({
      businessDay: MONDAY,
      status: 'open',
      openedAt: hall.now,
      closedAt: null,
    });
  });

  it('refuses a second open day and a day before the last one', () => {
    const hall = EngineTestHall.open();
    expect(refusal(hall, { type: 'open_day', businessDay: '2025-03-04' })).toBe('day_already_open');
    hall.run({ type: 'close_day' });
    expect(refusal(hall, { type: 'open_day', businessDay: '2025-03-02' })).toBe('day_in_past');
  });

  it('refuses to close when no day is open', () => {
    expect(refusal(new EngineTestHall(), { type: 'close_day' })).toBe('day_not_open');
  });

  it('refuses to close while someone is being served', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.callNext('w1');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(refusal(hall, { type: 'close_day' })).toBe('window_busy');
  });

  it('closes every window first, then expires waiting, parked and called tickets', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w2');
    hall.openWindow('w3');
    hall.run({ type: 'pause_window', windowId: 'w3', reason: 'break' });
    const served = hall.issue('marriage');
    const parked = hall.issue('marriage');
    const called = hall.issue('marriage');
    const waiting = hall.issue('tax');
    const cancelled = hall.issue('tax');
    hall.serveNext('w1');
    hall.callNext('w1');
    hall.run({ type: 'park', windowId: 'w1', until: null, note: 'fetching ID' });
    hall.callNext('w2');
    hall.run({ type: 'cancel', ticketId: cancelled.id, by: 'visitor' });

    const events = hall.run({ type: 'close_day' });
    expect(events.map((e) => e.type)).toEqual([
      'window_closed',
      'window_closed',
      'window_closed',
      'day_closed',
    ]);
    expect(events.slice(0, 3).map((e) => ('windowId' in e ? e.windowId : ''))).toEqual([
      'w1',
      'w2',
      'w3',
    ]);
    expect(events[3]).toEqual({
      type: 'day_closed',
      businessDay: MONDAY,
      expiredTicketIds: [parked.id, called.id, waiting.id],
      at: hall.now,
    });
    expect(hall.ticket(served.id).status).toBe('done');
    expect(hall.ticket(cancelled.id).status).toBe('cancelled');
    for (const id of [parked.id, called.id, waiting.id]) {
      expect(hall.ticket(id)).toMatchObject({ status: 'expired', queueServiceIds: [] });
    }
    expect([...hall.state.windows.values()].every((w) => w.status === 'closed')).toBe(true);
    expect(hall.state.windows.get('w2')?.currentTicketId).toBeNull();
    expect(hall.state.day?.status).toBe('closed');
  });

  it('starts a new day afresh', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.serveNext('w1');
    hall.run({ type: 'rate', ticketId: `${MONDAY}/A001`, score: 1, reasons: [] });
    hall.run({ type: 'close_day' });
    hall.advance(24 * 60 * MINUTE);
    hall.run({ type: 'open_day', businessDay: '2025-03-04' });
    const state = hall.state;
    expect(state.tickets.size).toBe(0);
    expect(state.sequences.size).toBe(0);
    expect(state.issuedCount).toBe(0);
    expect(state.recentServiceMs.size).toBe(0);
    expect(state.complaints.size).toBe(0);
    expect(state.windows.get('w1')).toMatchObject({ status: 'closed', callsSincePriority: 0 });
    expect(hall.issue('marriage').id).toBe('2025-03-04/A001');
  });

  it('reopening the same day keeps its numbers, so none is reused', () => {
    const hall = EngineTestHall.open();
    hall.issue('marriage');
    hall.run({ type: 'close_day' });
    hall.run({ type: 'open_day', businessDay: MONDAY });
    expect(hall.issue('marriage').number).toBe('A002');
    expect(hall.state.issuedCount).toBe(2);
  });
});

describe('issue_ticket', () => {
  const issue = (itinerary: string[][], extra: Partial<Command> = {}): Command =>
    ({
      type: 'issue_ticket',
      itinerary: itinerary.map((serviceIds) => ({ serviceIds })),
      class: 'normal',
      appointment: null,
      accessToken: 'tok',
      ...extra,
    }) as Command;

  it('issues a waiting ticket carrying everything', () => {
    const hall = EngineTestHall.open();
    hall.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
      appointment: null,
      accessToken: 'x',
    });
    const events = hall.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: ['marriage', 'tax'] }, { serviceIds: ['residence'] }],
      class: 'priority',
      appointment: null,
      accessToken: 'secret',
    });
    expect(events).toEqual([
      {
        type: 'ticket_issued',
        at: hall.now,
        ticket: {
          id: `${MONDAY}/A001`,
          number: 'A001',
          businessDay: MONDAY,
          serviceId: 'marriage',
          class: 'priority',
          appointment: null,
          itinerary: [{ serviceIds: ['marriage', 'tax'] }, { serviceIds: ['residence'] }],
          stepIndex: 0,
          doneServiceIds: [],
          queueServiceIds: ['marriage', 'tax'],
          targetWindowId: null,
          status: 'waiting',
          issuedAt: hall.now,
          arrivalIndex: 1,
          queuedAt: hall.now,
          returned: false,
          calledAt: null,
          startedAt: null,
          finishedAt: null,
          windowId: null,
          staffCode: null,
          currentServiceId: null,
          recallCount: 0,
          callReason: null,
          transfers: [],
          parkedUntil: null,
          rating: null,
          accessToken: 'secret',
        },
      },
    ]);
    expect(hall.state.tickets.get(`${MONDAY}/A001`)).toEqual(
      events[0]?.type === 'ticket_issued' ? events[0].ticket : null,
    );
    expect(hall.state.issuedCount).toBe(2);
  });

  it('numbers per service, from 1, never reused', () => {
    const hall = EngineTestHall.open();
    expect(hall.issue('marriage').number).toBe('A001');
    expect(hall.issue('tax').number).toBe('D001');
    expect(hall.issue('marriage').number).toBe('A002');
    const third = hall.issue('marriage');
    hall.run({ type: 'cancel', ticketId: third.id, by: 'visitor' });
    expect(hall.issue('marriage').number).toBe('A004');
    expect(hall.state.sequences.get('marriage')).toBe(4);
  });

  it('keeps a state copy apart from the event', () => {
    const hall = EngineTestHall.open();
    const events = hall.run(issue([['marriage']]));
    const event = events[0];
    if (event?.type !== 'ticket_issued') throw new Error('expected ticket_issued');
    hall.openWindow('w1');
    hall.callNext('w1');
    expect(event.ticket.status).toBe('waiting');
  });

  it('refuses when no day is open', () => {
    expect(refusal(new EngineTestHall(), issue([['marriage']]))).toBe('day_not_open');
  });

  it('refuses malformed itineraries', () => {
    const hall = EngineTestHall.open();
    expect(refusal(hall, issue([]))).toBe('itinerary_invalid');
    expect(refusal(hall, issue([[]]))).toBe('itinerary_invalid');
    expect(refusal(hall, issue([['marriage'], []]))).toBe('itinerary_invalid');
    expect(refusal(hall, issue([['marriage', 'marriage']]))).toBe('itinerary_invalid');
    expect(refusal(hall, issue([['marriage'], ['tax', 'marriage']]))).toBe('itinerary_invalid');
  });

  it('refuses unknown and disabled services anywhere in the itinerary', () => {
    const hall = EngineTestHall.open(
      configWith((c) => c.services.forEach((s) => (s.enabled = s.id !== 'tax'))),
    );
    expect(refusal(hall, issue([['marriage'], ['passport']]))).toBe('service_unknown');
    expect(refusal(hall, issue([['tax']]))).toBe('service_disabled');
    expect(refusal(hall, issue([['marriage'], ['tax']]))).toBe('service_disabled');
  });

  it('refuses outside the first service hours only', () => {
    const early = EngineTestHall.open(testHall(), shanghai(MONDAY, '08:59'));
    expect(refusal(early, issue([['invoice']]))).toBe('service_closed_now');
    expect(refusal(early, issue([['marriage'], ['invoice']]))).toBe('accepted');
    early.advance(MINUTE);
    expect(refusal(early, issue([['invoice']]))).toBe('accepted');
    const lunch = EngineTestHall.open(testHall(), shanghai(MONDAY, '12:00'));
    expect(refusal(lunch, issue([['invoice']]))).toBe('service_closed_now');
    const saturday = new EngineTestHall(testHall(), shanghai('2025-03-08', '10:00'));
    saturday.run({ type: 'open_day', businessDay: '2025-03-08' });
    expect(refusal(saturday, issue([['invoice']]))).toBe('service_closed_now');
    expect(refusal(saturday, issue([['tax']]))).toBe('accepted');
  });

  it('refuses every ticket on a holiday and issues weekday services on an extra workday', () => {
    const holiday = EngineTestHall.open(
      configWith((c) => (c.hall.holidays = [MONDAY])),
      shanghai(MONDAY, '10:00'),
    );
    expect(refusal(holiday, issue([['invoice']]))).toBe('service_closed_now');
    expect(refusal(holiday, issue([['tax']]))).toBe('service_closed_now');
    const worked = new EngineTestHall(
      configWith((c) => (c.hall.extraWorkdays = ['2025-03-08'])),
      shanghai('2025-03-08', '10:00'),
    );
    worked.run({ type: 'open_day', businessDay: '2025-03-08' });
    expect(refusal(worked, issue([['invoice']]))).toBe('accepted');
  });

  it('refuses beyond the daily quota', () => {
    const hall = EngineTestHall.open();
    hall.issue('residence');
    hall.issue('residence');
    hall.issue(['marriage', 'residence']); // not the first service: not counted
    expect(hall.issue('residence').number).toBe('B003');
    expect(refusal(hall, issue([['residence']]))).toBe('quota_reached');
    expect(refusal(hall, issue([['marriage'], ['residence']]))).toBe('accepted');
  });

  it('requires an appointment exactly for appointment tickets', () => {
    const hall = EngineTestHall.open();
    const slot = { code: 'X1', slotAt: hall.now };
    expect(refusal(hall, issue([['marriage']], { class: 'appointment' }))).toBe(
      'appointment_missing',
    );
    expect(refusal(hall, issue([['marriage']], { class: 'normal', appointment: slot }))).toBe(
      'itinerary_invalid',
    );
    expect(refusal(hall, issue([['marriage']], { class: 'appointment', appointment: slot }))).toBe(
      'accepted',
    );
  });
});

describe('windows', () => {
  it('opens a window for an active clerk', () => {
    const hall = EngineTestHall.open();
    const events = hall.run({ type: 'open_window', windowId: 'w2', staffCode: '1003' });
    expect(events).toEqual([
      { type: 'window_opened', windowId: 'w2', staffCode: '1003', at: hall.now },
    ]);
    expect(hall.state.windows.get('w2')).toEqual({
      windowId: 'w2',
      status: 'open',
      staffCode: '1003',
      pauseReason: null,
      currentTicketId: null,
      since: hall.now,
      callsSincePriority: 0,
    });
  });

  it('refuses to open windows wrongly', () => {
    const config = configWith((c) =>
      c.staff.push({ code: '9', name: 'Old', role: 'clerk', active: false }),
    );
    expect(
      refusal(new EngineTestHall(config), {
        type: 'open_window',
        windowId: 'w1',
        staffCode: '1001',
      }),
    ).toBe('day_not_open');
    const hall = EngineTestHall.open(config);
    expect(refusal(hall, { type: 'open_window', windowId: 'w9', staffCode: '1001' })).toBe(
      'window_unknown',
    );
    expect(refusal(hall, { type: 'open_window', windowId: 'w1', staffCode: '7777' })).toBe(
      'staff_unknown',
    );
    expect(refusal(hall, { type: 'open_window', windowId: 'w1', staffCode: '9' })).toBe(
      'staff_inactive',
    );
    hall.openWindow('w1', '1001');
    expect(refusal(hall, { type: 'open_window', windowId: 'w2', staffCode: '1001' })).toBe(
      'staff_elsewhere',
    );
    expect(refusal(hall, { type: 'open_window', windowId: 'w1', staffCode: '1002' })).toBe(
      'window_not_closed',
    );
    hall.run({ type: 'pause_window', windowId: 'w1', reason: 'meeting' });
    expect(refusal(hall, { type: 'open_window', windowId: 'w2', staffCode: '1001' })).toBe(
      'staff_elsewhere',
    );
    hall.run({ type: 'close_window', windowId: 'w1' });
    expect(refusal(hall, { type: 'open_window', windowId: 'w2', staffCode: '1001' })).toBe(
      'accepted',
    );
  });

  it('pauses and resumes', () => {
    const hall = EngineTestHall.open();
    expect(refusal(hall, { type: 'pause_window', windowId: 'w1', reason: 'break' })).toBe(
      'window_closed',
    );
    expect(refusal(hall, { type: 'resume_window', windowId: 'w1' })).toBe('window_closed');
    expect(refusal(hall, { type: 'pause_window', windowId: 'w0', reason: 'break' })).toBe(
      'window_unknown',
    );
    hall.openWindow('w1');
    hall.advance(MINUTE);
    expect(hall.run({ type: 'pause_window', windowId: 'w1', reason: 'break' })).toEqual([
      { type: 'window_paused', windowId: 'w1', reason: 'break', at: hall.now },
    ]);
    expect(hall.state.windows.get('w1')).toMatchObject({
      status: 'paused',
      pauseReason: 'break',
      since: hall.now,
    });
    expect(refusal(hall, { type: 'pause_window', windowId: 'w1', reason: 'other' })).toBe(
      'window_paused',
    );
    hall.advance(MINUTE);
    expect(hall.run({ type: 'resume_window', windowId: 'w1' })).toEqual([
      { type: 'window_resumed', windowId: 'w1', at: hall.now },
    ]);
    expect(hall.state.windows.get('w1')).toMatchObject({
      status: 'open',
      pauseReason: null,
      since: hall.now,
    });
    // Resuming an open window asks for what already is: nothing happens.
    expect(hall.run({ type: 'resume_window', windowId: 'w1' })).toEqual([]);
  });

  it('closes an idle window, and refuses a closed one', () => {
    const hall = EngineTestHall.open();
    expect(refusal(hall, { type: 'close_window', windowId: 'w1' })).toBe('window_closed');
    expect(refusal(hall, { type: 'close_window', windowId: 'nope' })).toBe('window_unknown');
    hall.openWindow('w1');
    expect(hall.run({ type: 'close_window', windowId: 'w1' })).toEqual([
      { type: 'window_closed', windowId: 'w1', at: hall.now },
    ]);
    expect(hall.state.windows.get('w1')).toMatchObject({ status: 'closed', staffCode: null });
  });

  it('puts a called ticket back when its window closes, and refuses while serving', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    hall.callNext('w1');
    expect(hall.run({ type: 'close_window', windowId: 'w1' })).toEqual([
      {
        type: 'ticket_requeued',
        ticketId: ticket.id,
        windowId: 'w1',
        reason: 'window_closed',
        at: hall.now,
      },
      { type: 'window_closed', windowId: 'w1', at: hall.now },
    ]);
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'waiting',
      queueServiceIds: ['marriage'],
    });
    hall.openWindow('w1');
    hall.callNext('w1');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(refusal(hall, { type: 'close_window', windowId: 'w1' })).toBe('window_busy');
  });
});

describe('call_next', () => {
  it('calls with the window clerk, the service and the reason', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w3', '1002');
    const ticket = hall.issue('tax');
    hall.advance(MINUTE);
    expect(hall.run({ type: 'call_next', windowId: 'w3' })).toEqual([
      {
        type: 'ticket_called',
        ticketId: ticket.id,
        windowId: 'w3',
        staffCode: '1002',
        serviceId: 'tax',
        reason: 'fifo',
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'called',
      calledAt: hall.now,
      windowId: 'w3',
      staffCode: '1002',
      currentServiceId: 'tax',
      callReason: 'fifo',
      queueServiceIds: [],
    });
    expect(hall.state.windows.get('w3')).toMatchObject({
      currentTicketId: ticket.id,
      callsSincePriority: 1,
    });
  });

  it('counts calls since the last green-channel call', () => {
    const hall = EngineTestHall.open(testHall({ priorityRatio: 0 }));
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.issue('marriage', 'priority');
    hall.callNext('w1');
    expect(hall.state.windows.get('w1')?.callsSincePriority).toBe(0);
    hall.run({ type: 'no_show', windowId: 'w1' });
    hall.callNext('w1');
    expect(hall.state.windows.get('w1')?.callsSincePriority).toBe(1);
  });

  it('refuses when the window cannot call', () => {
    const hall = EngineTestHall.open();
    expect(refusal(hall, { type: 'call_next', windowId: 'w1' })).toBe('window_closed');
    expect(refusal(hall, { type: 'call_next', windowId: 'w5' })).toBe('window_unknown');
    hall.openWindow('w1');
    expect(refusal(hall, { type: 'call_next', windowId: 'w1' })).toBe('queue_empty');
    hall.issue('invoice'); // w1 does not serve invoices
    expect(refusal(hall, { type: 'call_next', windowId: 'w1' })).toBe('queue_empty');
    hall.issue('marriage');
    hall.issue('marriage');
    hall.run({ type: 'pause_window', windowId: 'w1', reason: 'break' });
    expect(refusal(hall, { type: 'call_next', windowId: 'w1' })).toBe('window_paused');
    hall.run({ type: 'resume_window', windowId: 'w1' });
    hall.callNext('w1');
    expect(refusal(hall, { type: 'call_next', windowId: 'w1' })).toBe('window_busy');
  });
});

describe('call_specific', () => {
  it('calls the named ticket with reason specific', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('marriage');
    const second = hall.issue('tax');
    const events = hall.run({ type: 'call_specific', windowId: 'w1', ticketId: second.id });
    expect(events).toEqual([
      {
        type: 'ticket_called',
        ticketId: second.id,
        windowId: 'w1',
        staffCode: '1001',
        serviceId: 'tax',
        reason: 'specific',
        at: hall.now,
      },
    ]);
  });

  it('refuses unknown, not waiting and foreign tickets', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w2');
    const invoice = hall.issue('invoice');
    const marriage = hall.issue('marriage');
    expect(refusal(hall, { type: 'call_specific', windowId: 'w1', ticketId: 'nope' })).toBe(
      'ticket_unknown',
    );
    expect(refusal(hall, { type: 'call_specific', windowId: 'w1', ticketId: invoice.id })).toBe(
      'ticket_not_here',
    );
    hall.callNext('w2');
    expect(refusal(hall, { type: 'call_specific', windowId: 'w1', ticketId: marriage.id })).toBe(
      'ticket_not_waiting',
    );
    expect(
      refusal(new EngineTestHall(), { type: 'call_specific', windowId: 'w1', ticketId: 'x' }),
    ).toBe('day_not_open');
  });

  it('a ticket transferred to a window is that window only', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w2');
    hall.openWindow('w3');
    const ticket = hall.issue('marriage');
    hall.callNext('w1');
    hall.run({
      type: 'transfer',
      windowId: 'w1',
      toServiceId: null,
      toWindowId: 'w3',
      note: 'expert',
    });
    // w2 serves marriage too, but the ticket now belongs to w3.
    expect(refusal(hall, { type: 'call_specific', windowId: 'w2', ticketId: ticket.id })).toBe(
      'ticket_not_here',
    );
    expect(refusal(hall, { type: 'call_next', windowId: 'w2' })).toBe('queue_empty');
    const events = hall.run({ type: 'call_specific', windowId: 'w3', ticketId: ticket.id });
    expect(events[0]).toMatchObject({ serviceId: 'marriage', reason: 'specific' });
  });
});

describe('recall', () => {
  it('recalls up to the limit, then marks a no-show', () => {
    const hall = EngineTestHall.open(); // recallLimit 2
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    expect(refusal(hall, { type: 'recall', windowId: 'w1' })).toBe('window_idle');
    hall.callNext('w1');
    expect(hall.run({ type: 'recall', windowId: 'w1' })).toEqual([
      {
        type: 'ticket_recalled',
        ticketId: ticket.id,
        windowId: 'w1',
        recallCount: 1,
        at: hall.now,
      },
    ]);
    hall.run({ type: 'recall', windowId: 'w1' });
    expect(hall.ticket(ticket.id).recallCount).toBe(2);
    expect(hall.run({ type: 'recall', windowId: 'w1' })).toEqual([
      {
        type: 'ticket_no_show',
        ticketId: ticket.id,
        windowId: 'w1',
        reason: 'recall_limit',
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id).status).toBe('no_show');
    expect(hall.state.windows.get('w1')?.currentTicketId).toBeNull();
  });

  it('refuses a ticket already being served', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.callNext('w1');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(refusal(hall, { type: 'recall', windowId: 'w1' })).toBe('ticket_wrong_status');
  });
});

describe('start_serving and finish', () => {
  it('serves a one-step ticket to done and records the duration', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    expect(refusal(hall, { type: 'start_serving', windowId: 'w1' })).toBe('window_idle');
    expect(refusal(hall, { type: 'finish', windowId: 'w1' })).toBe('window_idle');
    hall.callNext('w1');
    expect(refusal(hall, { type: 'finish', windowId: 'w1' })).toBe('ticket_wrong_status');
    expect(hall.run({ type: 'start_serving', windowId: 'w1' })).toEqual([
      {
        type: 'service_started',
        ticketId: ticket.id,
        windowId: 'w1',
        serviceId: 'marriage',
        at: hall.now,
      },
    ]);
    const startedAt = hall.now;
    expect(hall.ticket(ticket.id)).toMatchObject({ status: 'serving', startedAt });
    expect(refusal(hall, { type: 'start_serving', windowId: 'w1' })).toBe('ticket_wrong_status');
    hall.advance(7 * MINUTE);
    expect(hall.run({ type: 'finish', windowId: 'w1' })).toEqual([
      {
        type: 'service_finished',
        ticketId: ticket.id,
        windowId: 'w1',
        serviceId: 'marriage',
        nextQueueServiceIds: [],
        nextStepIndex: 0,
        done: true,
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'done',
      finishedAt: hall.now,
      queueServiceIds: [],
    });
    expect(hall.state.recentServiceMs.get('marriage')).toEqual([7 * MINUTE]);
    expect(hall.state.windows.get('w1')?.currentTicketId).toBeNull();
  });

  it('keeps at most RECENT_SERVICE_SAMPLES durations, newest last', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    for (let i = 1; i <= RECENT_SERVICE_SAMPLES + 3; i += 1) {
      hall.issue('marriage');
      hall.serveNext('w1', i * 1000);
    }
    const samples = hall.state.recentServiceMs.get('marriage') ?? [];
    expect(samples).toHaveLength(RECENT_SERVICE_SAMPLES);
    expect(samples[0]).toBe(4000);
    expect(samples.at(-1)).toBe((RECENT_SERVICE_SAMPLES + 3) * 1000);
  });

  it('walks a parallel step, then the next step, keeping the first arrival', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w4');
    const ticket = hall.issue([['marriage', 'tax'], ['residence']]);
    hall.advance(MINUTE);
    // Held out of the tax queue while marriage serves it.
    hall.callNext('w1');
    expect(refusal(hall, { type: 'call_next', windowId: 'w4' })).toBe('queue_empty');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    hall.advance(MINUTE);
    const first = hall.run({ type: 'finish', windowId: 'w1' });
    expect(first[0]).toMatchObject({ nextQueueServiceIds: ['tax'], nextStepIndex: 0, done: false });
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'waiting',
      stepIndex: 0,
      doneServiceIds: ['marriage'],
      queueServiceIds: ['tax'],
      returned: true,
      queuedAt: ticket.queuedAt,
    });
    expect(hall.serveNext('w4')).toBe(ticket.id);
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'waiting',
      stepIndex: 1,
      doneServiceIds: [],
      queueServiceIds: ['residence'],
      queuedAt: ticket.queuedAt,
    });
    const last = hall.callNext('w1');
    expect(last).toBe(ticket.id);
    expect(hall.ticket(ticket.id).callReason).toBe('transfer_return');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    const done = hall.run({ type: 'finish', windowId: 'w1' });
    expect(done[0]).toMatchObject({ serviceId: 'residence', done: true, nextStepIndex: 1 });
    expect(hall.ticket(ticket.id).status).toBe('done');
  });
});

describe('no_show and put_back', () => {
  it('marks a called ticket as no-show', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    expect(refusal(hall, { type: 'no_show', windowId: 'w1' })).toBe('window_idle');
    hall.callNext('w1');
    expect(hall.run({ type: 'no_show', windowId: 'w1' })).toEqual([
      {
        type: 'ticket_no_show',
        ticketId: ticket.id,
        windowId: 'w1',
        reason: 'marked',
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id).status).toBe('no_show');
    expect(hall.state.windows.get('w1')?.currentTicketId).toBeNull();
  });

  it('puts a called ticket back in all its queues, in its place', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue([['marriage', 'tax']]);
    hall.advance(MINUTE);
    const later = hall.issue('marriage');
    hall.callNext('w1');
    expect(hall.run({ type: 'put_back', windowId: 'w1' })).toEqual([
      {
        type: 'ticket_requeued',
        ticketId: ticket.id,
        windowId: 'w1',
        reason: 'put_back',
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'waiting',
      queueServiceIds: ['marriage', 'tax'],
      queuedAt: ticket.queuedAt,
    });
    expect(hall.callNext('w1')).toBe(ticket.id);
    expect(later.status).toBe('waiting');
  });

  it('refuses a ticket being served', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.callNext('w1');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(refusal(hall, { type: 'no_show', windowId: 'w1' })).toBe('ticket_wrong_status');
    expect(refusal(hall, { type: 'put_back', windowId: 'w1' })).toBe('ticket_wrong_status');
  });
});

describe('transfer', () => {
  const toService = (toServiceId: string | null, toWindowId: string | null = null): Command => ({
    type: 'transfer',
    windowId: 'w1',
    toServiceId,
    toWindowId,
    note: 'wrong counter',
  });

  it('refuses bad targets', () => {
    const hall = EngineTestHall.open(
      configWith((c) => c.services.forEach((s) => (s.enabled = s.id !== 'invoice'))),
    );
    hall.openWindow('w1');
    hall.issue('marriage');
    expect(refusal(hall, toService('tax'))).toBe('window_idle');
    hall.callNext('w1');
    expect(refusal(hall, toService(null, null))).toBe('transfer_target_invalid');
    expect(refusal(hall, toService('tax', 'w2'))).toBe('transfer_target_invalid');
    expect(refusal(hall, toService('passport'))).toBe('transfer_target_invalid');
    expect(refusal(hall, toService('invoice'))).toBe('transfer_target_invalid');
    expect(refusal(hall, toService('marriage'))).toBe('transfer_target_invalid');
    expect(refusal(hall, toService(null, 'w9'))).toBe('transfer_target_invalid');
    expect(refusal(hall, toService(null, 'w1'))).toBe('transfer_target_invalid');
    // A window that is closed, or does not serve the ticket's service, would strand it.
    expect(refusal(hall, toService(null, 'w2'))).toBe('transfer_window_closed');
    hall.openWindow('w4');
    expect(refusal(hall, toService(null, 'w4'))).toBe('transfer_window_not_serving');
    hall.openWindow('w2');
    hall.run({ type: 'pause_window', windowId: 'w2', reason: 'break' });
    expect(refusal(hall, toService('tax'))).toBe('accepted');
    // A paused window comes back: the ticket may wait for it.
    expect(refusal(hall, toService(null, 'w2'))).toBe('accepted');
  });

  it('sends a ticket to another service, keeping its number and first arrival', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w4');
    const ticket = hall.issue([['marriage', 'residence'], ['invoice']]);
    hall.callNext('w1');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(hall.run(toService('tax'))).toEqual([
      {
        type: 'ticket_transferred',
        ticketId: ticket.id,
        windowId: 'w1',
        fromServiceId: 'marriage',
        toServiceId: 'tax',
        toWindowId: null,
        queueServiceIds: ['tax', 'residence'],
        note: 'wrong counter',
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id)).toMatchObject({
      number: ticket.number,
      status: 'waiting',
      queueServiceIds: ['tax', 'residence'],
      itinerary: [{ serviceIds: ['tax', 'residence'] }, { serviceIds: ['invoice'] }],
      returned: true,
      targetWindowId: null,
      queuedAt: ticket.queuedAt,
      transfers: [
        {
          at: hall.now,
          fromWindowId: 'w1',
          fromServiceId: 'marriage',
          toServiceId: 'tax',
          toWindowId: null,
          note: 'wrong counter',
        },
      ],
    });
    expect(hall.state.windows.get('w1')?.currentTicketId).toBeNull();
    // Done with tax, it still waits for residence before the next step.
    expect(hall.serveNext('w4')).toBe(ticket.id);
    expect(hall.ticket(ticket.id)).toMatchObject({ stepIndex: 0, queueServiceIds: ['residence'] });
  });

  it('takes the new service out of later steps, so it is not asked for twice', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue([['marriage'], ['tax', 'residence'], ['invoice']]);
    hall.callNext('w1');
    hall.run({
      type: 'transfer',
      windowId: 'w1',
      toServiceId: 'invoice',
      toWindowId: null,
      note: '',
    });
    expect(hall.ticket(ticket.id).itinerary).toEqual([
      { serviceIds: ['invoice'] },
      { serviceIds: ['tax', 'residence'] },
    ]);
  });

  it('gives a ticket sent to a window back to its service queue when that window closes', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w2');
    hall.openWindow('w3');
    const waiting = hall.issue('marriage');
    const parked = hall.issue('marriage');
    const called = hall.issue('marriage');
    for (const ticket of [waiting, parked, called]) {
      hall.run({ type: 'call_specific', windowId: 'w1', ticketId: ticket.id });
      hall.run(toService(null, 'w3'));
    }
    hall.run({ type: 'call_specific', windowId: 'w3', ticketId: parked.id });
    hall.run({ type: 'park', windowId: 'w3', until: null, note: '' });
    hall.run({ type: 'call_specific', windowId: 'w3', ticketId: called.id });
    // Nobody but w3 may call them now.
    expect(refusal(hall, { type: 'call_next', windowId: 'w2' })).toBe('queue_empty');

    const events = hall.run({ type: 'close_window', windowId: 'w3' });
    expect(events.map((e) => (e.type === 'ticket_requeued' ? e.reason : e.type))).toEqual([
      'window_closed',
      'target_window_closed',
      'target_window_closed',
      'window_closed',
    ]);
    expect(hall.ticket(called.id)).toMatchObject({ status: 'waiting', targetWindowId: null });
    expect(hall.ticket(waiting.id)).toMatchObject({ status: 'waiting', targetWindowId: null });
    expect(hall.ticket(parked.id)).toMatchObject({ status: 'parked', targetWindowId: null });
    // Back in marriage's queue, in their first-arrival order, for any window that serves it.
    expect(hall.ticket(waiting.id).queueServiceIds).toEqual(['marriage']);
    hall.callNext('w2');
    expect(hall.ticket(waiting.id)).toMatchObject({ status: 'called', windowId: 'w2' });
  });

  it('sends a ticket to one window, which calls it first', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w3');
    hall.issue('tax');
    const ticket = hall.issue('marriage');
    hall.run({ type: 'call_specific', windowId: 'w1', ticketId: ticket.id });
    const events = hall.run(toService(null, 'w3'));
    expect(events[0]).toMatchObject({
      toWindowId: 'w3',
      toServiceId: null,
      queueServiceIds: ['marriage'],
    });
    expect(hall.ticket(ticket.id)).toMatchObject({
      targetWindowId: 'w3',
      returned: true,
      status: 'waiting',
    });
    // w3's top tier is invoice and tax, yet the transferred ticket is in it, and returned.
    hall.run({ type: 'call_next', windowId: 'w3' });
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'called',
      windowId: 'w3',
      currentServiceId: 'marriage',
      callReason: 'transfer_return',
    });
    hall.run({ type: 'start_serving', windowId: 'w3' });
    hall.run({ type: 'finish', windowId: 'w3' });
    expect(hall.ticket(ticket.id)).toMatchObject({ status: 'done', targetWindowId: null });
  });
});

describe('park, unpark and tick', () => {
  it('parks a called or served ticket', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    const park = (until: number): Command => ({
      type: 'park',
      windowId: 'w1',
      until,
      note: 'copy',
    });
    expect(refusal(hall, park(hall.now + 10 * MINUTE))).toBe('window_idle');
    hall.callNext('w1');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(refusal(hall, park(hall.now))).toBe('park_time_invalid');
    expect(refusal(hall, park(hall.now - 1))).toBe('park_time_invalid');
    expect(hall.run(park(hall.now + 10 * MINUTE))).toEqual([
      {
        type: 'ticket_parked',
        ticketId: ticket.id,
        windowId: 'w1',
        until: hall.now + 10 * MINUTE,
        note: 'copy',
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'parked',
      parkedUntil: hall.now + 10 * MINUTE,
      queueServiceIds: [],
    });
    expect(hall.state.windows.get('w1')?.currentTicketId).toBeNull();
  });

  it('unparks near the head of the queue', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    hall.advance(MINUTE);
    hall.issue('marriage');
    expect(refusal(hall, { type: 'unpark', ticketId: ticket.id })).toBe('ticket_wrong_status');
    expect(refusal(hall, { type: 'unpark', ticketId: 'none' })).toBe('ticket_unknown');
    hall.callNext('w1');
    hall.run({ type: 'park', windowId: 'w1', until: null, note: '' });
    expect(hall.run({ type: 'unpark', ticketId: ticket.id })).toEqual([
      { type: 'ticket_unparked', ticketId: ticket.id, at: hall.now },
    ]);
    expect(hall.ticket(ticket.id)).toMatchObject({
      status: 'waiting',
      parkedUntil: null,
      queueServiceIds: ['marriage'],
      queuedAt: ticket.queuedAt,
    });
    expect(hall.callNext('w1')).toBe(ticket.id);
  });

  it('tick returns parked tickets whose time has come, and only those', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const soon = hall.issue('marriage');
    const later = hall.issue('marriage');
    const never = hall.issue('marriage');
    const start = hall.now;
    for (const until of [start + 5 * MINUTE, start + 20 * MINUTE, null]) {
      hall.callNext('w1');
      hall.run({ type: 'park', windowId: 'w1', until, note: '' });
    }
    expect(hall.run({ type: 'tick' })).toEqual([]);
    hall.advance(5 * MINUTE);
    expect(hall.run({ type: 'tick' })).toEqual([
      { type: 'ticket_unparked', ticketId: soon.id, at: hall.now },
    ]);
    hall.advance(60 * MINUTE);
    expect(hall.run({ type: 'tick' })).toEqual([
      { type: 'ticket_unparked', ticketId: later.id, at: hall.now },
    ]);
    expect(hall.ticket(never.id).status).toBe('parked');
  });

  it('tick does nothing without a day', () => {
    expect(decide(initialState(testHall()), { type: 'tick' }, 0)).toEqual({ ok: true, events: [] });
  });
});

describe('cancel', () => {
  it('cancels waiting and parked tickets only', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const waiting = hall.issue('tax');
    const parked = hall.issue('marriage');
    const called = hall.issue('marriage');
    hall.run({ type: 'call_specific', windowId: 'w1', ticketId: parked.id });
    hall.run({ type: 'park', windowId: 'w1', until: null, note: '' });
    hall.run({ type: 'call_specific', windowId: 'w1', ticketId: called.id });
    expect(refusal(hall, { type: 'cancel', ticketId: 'x', by: 'staff' })).toBe('ticket_unknown');
    expect(refusal(hall, { type: 'cancel', ticketId: called.id, by: 'staff' })).toBe(
      'ticket_wrong_status',
    );
    expect(hall.run({ type: 'cancel', ticketId: waiting.id, by: 'visitor' })).toEqual([
      { type: 'ticket_cancelled', ticketId: waiting.id, by: 'visitor', at: hall.now },
    ]);
    hall.run({ type: 'cancel', ticketId: parked.id, by: 'staff' });
    expect(hall.ticket(waiting.id)).toMatchObject({ status: 'cancelled', queueServiceIds: [] });
    expect(hall.ticket(parked.id)).toMatchObject({ status: 'cancelled', parkedUntil: null });
    expect(refusal(hall, { type: 'cancel', ticketId: waiting.id, by: 'staff' })).toBe(
      'ticket_wrong_status',
    );
  });
});

describe('rate', () => {
  it('records a rating about the finished service', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    expect(refusal(hall, { type: 'rate', ticketId: ticket.id, score: 5, reasons: [] })).toBe(
      'rating_not_allowed',
    );
    hall.serveNext('w1');
    expect(refusal(hall, { type: 'rate', ticketId: 'zz', score: 5, reasons: [] })).toBe(
      'ticket_unknown',
    );
    expect(hall.run({ type: 'rate', ticketId: ticket.id, score: 4, reasons: ['fast'] })).toEqual([
      {
        type: 'rating_recorded',
        ticketId: ticket.id,
        rating: {
          score: 4,
          reasons: ['fast'],
          at: hall.now,
          windowId: 'w1',
          staffCode: '1001',
          serviceId: 'marriage',
          channel: 'pad',
          stepFinishedAt: hall.ticket(ticket.id).finishedAt,
        },
        at: hall.now,
      },
    ]);
    expect(hall.ticket(ticket.id).rating?.score).toBe(4);
    expect(refusal(hall, { type: 'rate', ticketId: ticket.id, score: 1, reasons: [] })).toBe(
      'already_rated',
    );
  });

  it('records a rating timeout without a complaint', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    hall.serveNext('w1');
    const events = hall.run({ type: 'rate', ticketId: ticket.id, score: null, reasons: [] });
    expect(events.map((e) => e.type)).toEqual(['rating_recorded']);
    expect(refusal(hall, { type: 'rate', ticketId: ticket.id, score: 2, reasons: [] })).toBe(
      'already_rated',
    );
    // The pad's moment is over, the visitor's phone still may: the step was not rated.
    const qr = hall.run({
      type: 'rate',
      ticketId: ticket.id,
      score: 2,
      reasons: ['wait'],
      channel: 'qr',
      comment: '等了一个小时',
    });
    expect(qr.map((e) => e.type)).toEqual(['rating_recorded', 'complaint_opened']);
    expect(hall.ticket(ticket.id).rating).toMatchObject({
      score: 2,
      channel: 'qr',
      comment: '等了一个小时',
    });
    for (const channel of ['pad', 'qr'] as const) {
      expect(
        refusal(hall, { type: 'rate', ticketId: ticket.id, score: 5, reasons: [], channel }),
      ).toBe('already_rated');
    }
  });

  it('rates each step once, by the pad or by the QR code, whichever comes first', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w4');
    const ticket = hall.issue([['marriage'], ['tax']]);
    hall.serveNext('w1');
    hall.run({ type: 'rate', ticketId: ticket.id, score: 5, reasons: [], channel: 'qr' });
    expect(refusal(hall, { type: 'rate', ticketId: ticket.id, score: 4, reasons: [] })).toBe(
      'already_rated',
    );
    hall.serveNext('w4');
    // The next step is another step: rated on its own, here on the pad, then not by QR.
    hall.run({ type: 'rate', ticketId: ticket.id, score: 4, reasons: [] });
    expect(hall.ticket(ticket.id).rating).toMatchObject({
      score: 4,
      channel: 'pad',
      windowId: 'w4',
      serviceId: 'tax',
    });
    expect(
      refusal(hall, { type: 'rate', ticketId: ticket.id, score: 1, reasons: [], channel: 'qr' }),
    ).toBe('already_rated');
  });

  it('opens a numbered complaint with a working-day deadline on a poor rating', () => {
    // Friday 16:00: 5 working days later is the next Friday 16:00; the call-back's 1 working
    // day is Monday 16:00.
    const hall = new EngineTestHall(testHall(), shanghai('2025-03-07', '16:00'));
    hall.run({ type: 'open_day', businessDay: '2025-03-07' });
    hall.openWindow('w2');
    const first = hall.issue('residence');
    const second = hall.issue('residence');
    const third = hall.issue('residence');
    hall.serveNext('w2', 0);
    hall.serveNext('w2', 0);
    hall.serveNext('w2', 0);
    const events = hall.run({ type: 'rate', ticketId: first.id, score: 2, reasons: ['rude'] });
    expect(events[1]).toEqual({
      type: 'complaint_opened',
      complaint: {
        id: '2025-03-07/C001',
        ticketId: first.id,
        windowId: 'w2',
        staffCode: '1002',
        serviceId: 'residence',
        score: 2,
        reasons: ['rude'],
        openedAt: hall.now,
        deadlineAt: shanghai('2025-03-14', '16:00'),
        callbackDueAt: shanghai('2025-03-10', '16:00'),
        status: 'open',
      },
      at: hall.now,
    });
    hall.run({ type: 'rate', ticketId: second.id, score: 3, reasons: [] });
    const next = hall.run({ type: 'rate', ticketId: third.id, score: 1, reasons: [] });
    expect(next[1]).toMatchObject({ complaint: { id: '2025-03-07/C002', score: 1 } });
    expect(hall.state.complaints.size).toBe(2);
  });

  it('is about the last finished service, never a later call elsewhere', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w4');
    const ticket = hall.issue([['marriage'], ['tax']]);
    hall.serveNext('w1');
    // Called at w4 before rating at w1: the call's window is w4, not the finished service's.
    hall.callNext('w4');
    expect(refusal(hall, { type: 'rate', ticketId: ticket.id, score: 1, reasons: [] })).toBe(
      'rating_not_allowed',
    );
    hall.run({ type: 'start_serving', windowId: 'w4' });
    hall.run({ type: 'park', windowId: 'w4', until: null, note: '' });
    expect(refusal(hall, { type: 'rate', ticketId: ticket.id, score: 1, reasons: [] })).toBe(
      'rating_not_allowed',
    );
    hall.run({ type: 'unpark', ticketId: ticket.id });
    hall.serveNext('w4');
    hall.run({ type: 'rate', ticketId: ticket.id, score: 5, reasons: [] });
    expect(hall.ticket(ticket.id).rating).toMatchObject({
      windowId: 'w4',
      staffCode: '1004',
      serviceId: 'tax',
    });
  });
});

describe('without an open day', () => {
  it('refuses every ticket and window command', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue('marriage');
    hall.serveNext('w1');
    hall.run({ type: 'close_day' });
    const commands: Command[] = [
      { type: 'open_window', windowId: 'w1', staffCode: '1001' },
      { type: 'pause_window', windowId: 'w1', reason: 'break' },
      { type: 'resume_window', windowId: 'w1' },
      { type: 'close_window', windowId: 'w1' },
      { type: 'call_next', windowId: 'w1' },
      { type: 'call_specific', windowId: 'w1', ticketId: ticket.id },
      { type: 'recall', windowId: 'w1' },
      { type: 'start_serving', windowId: 'w1' },
      { type: 'finish', windowId: 'w1' },
      { type: 'no_show', windowId: 'w1' },
      { type: 'put_back', windowId: 'w1' },
      { type: 'transfer', windowId: 'w1', toServiceId: 'tax', toWindowId: null, note: '' },
      { type: 'park', windowId: 'w1', until: null, note: '' },
      { type: 'unpark', ticketId: ticket.id },
      { type: 'cancel', ticketId: ticket.id, by: 'staff' },
      { type: 'rate', ticketId: ticket.id, score: 5, reasons: [] },
      { type: 'close_day' },
    ];
    for (const command of commands)
      expect([command.type, refusal(hall, command)]).toEqual([command.type, 'day_not_open']);
  });
});

describe('apply', () => {
  it('ignores events about unknown tickets and windows', () => {
    const state = initialState(testHall());
    const before = structuredClone(state);
    apply(state, {
      type: 'ticket_called',
      ticketId: 'x',
      windowId: 'w1',
      staffCode: '1',
      serviceId: 'tax',
      reason: 'fifo',
      at: 1,
    });
    apply(state, { type: 'window_opened', windowId: 'w0', staffCode: '1', at: 1 });
    apply(state, { type: 'ticket_unparked', ticketId: 'x', at: 1 });
    expect(state).toEqual(before);
  });

  it('folding the log from initialState gives the same state', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w3');
    hall.openWindow('w4');
    hall.issue([['marriage', 'tax'], ['residence']]);
    hall.issue('invoice', 'priority');
    hall.serveNext('w1');
    hall.serveNext('w3');
    hall.callNext('w3');
    hall.run({ type: 'transfer', windowId: 'w3', toServiceId: null, toWindowId: 'w4', note: 'n' });
    hall.run({ type: 'close_window', windowId: 'w4' });
    let rebuilt = initialState(testHall());
    for (const event of hall.log) rebuilt = apply(rebuilt, event);
    expect(rebuilt).toEqual(hall.state);
  });
});
