import { describe, expect, it } from 'vitest';
import type { CallReason } from '../domain/types.js';
import { chooseNext, estimateWait, peopleAhead, waitKind } from './policy.js';
import { MINUTE, EngineTestHall, testHall } from './test-fixture.js';

/** Calls (and ends with no-show, so the window is free again) and says whom and why. */
function calls(hall: EngineTestHall, windowId: string, count: number): [string, CallReason][] {
  const result: [string, CallReason][] = [];
  for (let i = 0; i < count; i += 1) {
    const id = hall.callNext(windowId);
    result.push([hall.ticket(id).number, hall.ticket(id).callReason ?? 'fifo']);
    hall.run({ type: 'no_show', windowId });
  }
  return result;
}

describe('chooseNext', () => {
  it('serves first come, first served within a tier', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.advance(MINUTE);
    hall.issue('residence');
    hall.advance(MINUTE);
    hall.issue('marriage');
    expect(calls(hall, 'w1', 3)).toEqual([
      ['A001', 'fifo'],
      ['B001', 'fifo'],
      ['A002', 'fifo'],
    ]);
  });

  it('breaks equal arrival times by issue order', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('residence');
    hall.issue('marriage');
    expect(calls(hall, 'w1', 2).map(([n]) => n)).toEqual(['B001', 'A001']);
  });

  it('calls a lower tier only when the higher ones are empty', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1'); // marriage 2, residence 2, tax 1
    hall.issue('tax');
    hall.advance(MINUTE);
    hall.issue('marriage');
    expect(calls(hall, 'w1', 2)).toEqual([
      ['A001', 'fifo'],
      ['D001', 'tier'],
    ]);
  });

  it('calls a ticket in several services in its best tier', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const ticket = hall.issue([['tax', 'marriage']]);
    expect(chooseNext(hall.state, 'w1', hall.now)).toMatchObject({
      ticket: { id: ticket.id },
      serviceId: 'marriage',
      reason: 'fifo',
    });
  });

  it('calls a due appointment first, earliest slot first', () => {
    const hall = EngineTestHall.open(); // grace 10 minutes
    hall.openWindow('w1');
    const start = hall.now;
    hall.issue('marriage');
    hall.issue('marriage', 'appointment', start + 30 * MINUTE); // not due yet
    hall.issue('marriage', 'appointment', start + 8 * MINUTE);
    hall.issue('marriage', 'appointment', start - 5 * MINUTE);
    expect(calls(hall, 'w1', 2)).toEqual([
      ['A004', 'appointment_due'],
      ['A003', 'appointment_due'],
    ]);
    // The one not due waits its turn like anyone.
    expect(calls(hall, 'w1', 2)).toEqual([
      ['A001', 'fifo'],
      ['A002', 'fifo'],
    ]);
  });

  it('counts an appointment due from grace before to grace after its slot', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.issue('marriage', 'appointment', hall.now + 10 * MINUTE);
    expect(chooseNext(hall.state, 'w1', hall.now)?.reason).toBe('appointment_due');
    expect(chooseNext(hall.state, 'w1', hall.now - 1)?.reason).toBe('fifo');
    expect(chooseNext(hall.state, 'w1', hall.now + 20 * MINUTE)?.reason).toBe('appointment_due');
    expect(chooseNext(hall.state, 'w1', hall.now + 20 * MINUTE + 1)?.reason).toBe('fifo');
  });

  it('calls tickets waiting beyond the maximum first, oldest first', () => {
    const hall = EngineTestHall.open(testHall({ maxWaitMinutes: 30, priorityRatio: 0 }));
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.advance(MINUTE);
    hall.issue('residence');
    hall.advance(MINUTE);
    hall.issue('marriage', 'priority');
    hall.advance(29 * MINUTE); // A001 waited 31 minutes, B001 30, A002 29
    expect(chooseNext(hall.state, 'w1', hall.now)).toMatchObject({
      ticket: { number: 'A001' },
      reason: 'aged',
    });
    hall.advance(MINUTE); // A001 and B001 are beyond 30 minutes now, A002 is at 30
    expect(calls(hall, 'w1', 3)).toEqual([
      ['A001', 'aged'],
      ['B001', 'aged'],
      ['A002', 'priority_ratio'],
    ]);
  });

  it('does not let an aged ticket of a lower tier pass a higher tier', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.issue('tax');
    hall.advance(60 * MINUTE);
    hall.issue('marriage');
    expect(calls(hall, 'w1', 2)).toEqual([
      ['A001', 'fifo'],
      ['D001', 'aged'],
    ]);
  });

  it('calls returned tickets before newer arrivals', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w4');
    hall.issue('marriage');
    hall.issue([['tax'], ['marriage']]);
    hall.serveNext('w4');
    hall.issue('marriage');
    expect(calls(hall, 'w1', 3)).toEqual([
      ['D001', 'transfer_return'],
      ['A001', 'fifo'],
      ['A002', 'fifo'],
    ]);
  });

  it('gives the green channel one call after every `priorityRatio` others', () => {
    const hall = EngineTestHall.open(testHall({ priorityRatio: 2 }));
    hall.openWindow('w1');
    for (let i = 0; i < 5; i += 1) hall.issue('marriage');
    for (let i = 0; i < 3; i += 1) hall.issue('residence', 'priority');
    expect(calls(hall, 'w1', 8)).toEqual([
      ['A001', 'fifo'],
      ['A002', 'fifo'],
      ['B001', 'priority_ratio'],
      ['A003', 'fifo'],
      ['A004', 'fifo'],
      ['B002', 'priority_ratio'],
      ['A005', 'fifo'],
      // Only green-channel tickets left: first come, first served.
      ['B003', 'fifo'],
    ]);
  });

  it('never holds a green-channel ticket back behind younger ones', () => {
    // A fresh window, ratio 2: the green ticket came first, so it is called first.
    const hall = EngineTestHall.open(testHall({ priorityRatio: 2 }));
    hall.openWindow('w1');
    hall.issue('residence', 'priority');
    hall.advance(MINUTE);
    hall.issue('residence');
    hall.advance(MINUTE);
    hall.issue('residence');
    expect(calls(hall, 'w1', 3)).toEqual([
      ['B001', 'fifo'],
      ['B002', 'fifo'],
      ['B003', 'fifo'],
    ]);
  });

  it('with ratio 0 the green channel always goes first', () => {
    const hall = EngineTestHall.open(testHall({ priorityRatio: 0 }));
    hall.openWindow('w1');
    hall.issue('marriage');
    hall.issue('marriage', 'priority');
    hall.issue('marriage', 'priority');
    expect(calls(hall, 'w1', 3)).toEqual([
      ['A002', 'priority_ratio'],
      ['A003', 'priority_ratio'],
      ['A001', 'fifo'],
    ]);
  });

  it('puts tickets transferred to the window in its top tier, and only there', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w2');
    hall.issue('residence');
    hall.advance(MINUTE);
    const moved = hall.issue('marriage');
    hall.run({ type: 'call_specific', windowId: 'w1', ticketId: moved.id });
    hall.run({ type: 'transfer', windowId: 'w1', toServiceId: null, toWindowId: 'w2', note: '' });
    // w2 serves marriage in its lower tier, yet calls the transferred ticket in its top tier,
    // before the older B001; w1 no longer may call it.
    expect(chooseNext(hall.state, 'w1', hall.now)?.ticket.number).toBe('B001');
    expect(chooseNext(hall.state, 'w2', hall.now)).toMatchObject({
      ticket: { number: 'A001' },
      serviceId: 'marriage',
      reason: 'transfer_return',
    });
  });

  it('returns null for an unknown window or an empty queue', () => {
    const hall = EngineTestHall.open();
    expect(chooseNext(hall.state, 'nope', hall.now)).toBeNull();
    expect(chooseNext(hall.state, 'w1', hall.now)).toBeNull();
  });
});

describe('estimateWait', () => {
  it('uses the default time before any service, and one window when none is open', () => {
    const hall = EngineTestHall.open();
    hall.issue('tax');
    hall.issue('tax');
    expect(estimateWait(hall.state, 'tax', hall.now)).toEqual({
      waiting: 2,
      openWindows: 0,
      avgServiceMs: 15 * MINUTE,
      minutes: 30,
    });
  });

  it('shares the waiting and the visitors at the windows among the open windows', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w3');
    hall.openWindow('w4');
    hall.openWindow('w1');
    hall.run({ type: 'pause_window', windowId: 'w1', reason: 'break' });
    hall.issue('tax');
    hall.serveNext('w4', 4 * MINUTE);
    hall.issue('tax');
    hall.serveNext('w4', 6 * MINUTE);
    for (let i = 0; i < 3; i += 1) hall.issue('tax');
    hall.callNext('w3');
    hall.run({ type: 'start_serving', windowId: 'w3' });
    hall.advance(2 * MINUTE);
    // Two services (median 5 minutes) blended with the configured 15: (2×5 + 5×15) / 7 minutes
    // per visitor. Two waiting, and that less the 2 minutes already spent at w3, over two windows.
    const perVisitor = Math.round((2 * 5 * MINUTE + 5 * 15 * MINUTE) / 7);
    expect(estimateWait(hall.state, 'tax', hall.now)).toEqual({
      waiting: 2,
      openWindows: 2,
      avgServiceMs: perVisitor,
      minutes: Math.ceil((3 * perVisitor - 2 * MINUTE) / 2 / MINUTE),
    });
  });
});

describe('peopleAhead', () => {
  it('counts older waiting tickets in any of its queues', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    const a1 = hall.issue('marriage');
    const d1 = hall.issue('tax');
    hall.issue('invoice');
    const both = hall.issue([['marriage', 'tax']]);
    const a3 = hall.issue('marriage');
    expect(peopleAhead(hall.state, a1.id)).toBe(0);
    expect(peopleAhead(hall.state, d1.id)).toBe(0);
    expect(peopleAhead(hall.state, both.id)).toBe(2);
    expect(peopleAhead(hall.state, a3.id)).toBe(2);
    hall.callNext('w1');
    expect(peopleAhead(hall.state, a3.id)).toBe(1);
    expect(peopleAhead(hall.state, a1.id)).toBeNull();
    expect(peopleAhead(hall.state, 'nope')).toBeNull();
  });

  it('counts, for a ticket sent to a window, the tickets sent there before it', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1');
    hall.openWindow('w2');
    const first = hall.issue('marriage');
    const second = hall.issue('marriage');
    hall.issue('residence');
    for (let i = 0; i < 2; i += 1) {
      hall.callNext('w1');
      hall.run({ type: 'transfer', windowId: 'w1', toServiceId: null, toWindowId: 'w2', note: '' });
    }
    expect(peopleAhead(hall.state, first.id)).toBe(0);
    expect(peopleAhead(hall.state, second.id)).toBe(1);
  });
});

describe('waitKind', () => {
  it('says no window before anything else, then no wait, then minutes', () => {
    expect(waitKind({ waiting: 3, minutes: 12, openWindows: 0 })).toBe('no_window');
    expect(waitKind({ waiting: 0, minutes: 0, openWindows: 0 })).toBe('no_window');
    expect(waitKind({ waiting: 0, minutes: 0, openWindows: 2 })).toBe('no_wait');
    // Nobody waiting but a visitor still at the only window: a wait, not "no wait".
    expect(waitKind({ waiting: 0, minutes: 4, openWindows: 1 })).toBe('minutes');
    expect(waitKind({ waiting: 2, minutes: 9, openWindows: 1 })).toBe('minutes');
  });
});
