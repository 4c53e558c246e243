import { describe, expect, it } from 'vitest';
import {
  apply,
  decide,
  initialState,
  type Command,
  type DeviceInfo,
  type HallState,
} from '@onestop/shared';
import { MINUTE, MONDAY, shanghai, testHall } from '@onestop/shared/testing';
import { openComplaint } from '../complaints/complaint-fixture.js';
import { buildMonitor, formatDuration, PAUSE_ALERT_MINUTES } from './monitor-model.js';

function run(state: HallState, command: Command, now: number): HallState {
  const d = decide(state, command, now);
  if (!d.ok) throw new Error(`${command.type}: ${d.error.code}`);
  return d.events.reduce(apply, state);
}

const T0 = shanghai(MONDAY, '09:00');

function hallWithQueue(): HallState {
  const config = testHall({ maxWaitMinutes: 30 });
  let s = initialState(config);
  s = run(s, { type: 'open_day', businessDay: MONDAY }, T0);
  const serviceId = config.services[0]?.id ?? '';
  for (let i = 0; i < 3; i++) {
    s = run(
      s,
      {
        type: 'issue_ticket',
        itinerary: [{ serviceIds: [serviceId] }],
        class: 'normal',
        appointment: null,
        accessToken: `t${i}`,
      },
      T0 + i * MINUTE,
    );
  }
  const w = config.windows[0];
  if (!w) throw new Error('no window');
  s = run(s, { type: 'open_window', windowId: w.id, staffCode: config.staff[0]?.code ?? '' }, T0);
  s = run(s, { type: 'call_next', windowId: w.id }, T0 + 5 * MINUTE);
  return s;
}

function device(status: unknown): DeviceInfo {
  return {
    id: 'k1',
    kind: 'kiosk',
    name: 'Kiosk 1',
    windowId: null,
    createdAt: T0,
    pairedAt: T0,
    lastSeenAt: T0,
    status,
    statusAt: T0,
    revokedAt: null,
  };
}

describe('buildMonitor', () => {
  it('shows each window with its clerk, ticket and how long, and each service with its queue', () => {
    const s = hallWithQueue();
    const m = buildMonitor(s, [], T0 + 7 * MINUTE);
    const w = m.windows[0];
    expect(w).toMatchObject({
      status: 'open',
      ticketStatus: 'called',
      sinceMs: 7 * MINUTE,
      ticketMs: 2 * MINUTE,
    });
    expect(w?.ticketNumber).toMatch(/^[A-Z]+001$/);
    const first = m.services[0];
    expect(first).toMatchObject({ waiting: 2, longestWaitMs: 6 * MINUTE });
    expect(first?.estimateMinutes).toBeGreaterThan(0);
    expect(m.totals).toMatchObject({ issued: 3, waiting: 2, openWindows: 1 });
    expect(m.alerts).toEqual([]);
  });

  it('alerts a wait over the policy limit, a long pause, paper out and an offline device', () => {
    let s = hallWithQueue();
    const w = s.config.windows[0];
    if (!w) throw new Error('no window');
    s = run(s, { type: 'put_back', windowId: w.id }, T0 + 6 * MINUTE);
    s = run(s, { type: 'pause_window', windowId: w.id, reason: 'break' }, T0 + 6 * MINUTE);
    const now = T0 + 6 * MINUTE + (PAUSE_ALERT_MINUTES + 30) * MINUTE;
    const m = buildMonitor(
      s,
      [
        device({
          state: 'error',
          detail: 'paper out',
          printer: { paper: 'out', coverOpen: false, online: true },
        }),
        { ...device({ state: 'offline', detail: 'no printer' }), id: 'k2', name: 'Kiosk 2' },
        { ...device({ state: 'offline', detail: '' }), id: 'k3', revokedAt: T0 },
      ],
      now,
    );
    expect(m.alerts.map((a) => a.kind).sort()).toEqual([
      'device_offline',
      'long_pause',
      'long_wait',
      'paper_out',
    ]);
    const wait = m.alerts.find((a) => a.kind === 'long_wait');
    expect(wait).toMatchObject({ limit: 30 });
  });
});

describe('the hub database alerts', () => {
  it('puts a lost database first, with the rescue copy, and a locked one with the commands waiting', () => {
    const s = hallWithQueue();
    const lost = buildMonitor(s, [], T0, {
      state: 'lost',
      message: '/var/lib/onestop/hall.sqlite was deleted; restore the copy',
      rescue: '/var/lib/onestop/hall.sqlite-rescue-20250304-093012.sqlite',
    });
    expect(lost.alerts[0]).toEqual({
      kind: 'store_lost',
      detail: '/var/lib/onestop/hall.sqlite was deleted; restore the copy',
      rescue: '/var/lib/onestop/hall.sqlite-rescue-20250304-093012.sqlite',
    });
    const busy = buildMonitor(s, [], T0, { state: 'busy', queued: 3, message: 'locked' });
    expect(busy.alerts).toEqual([{ kind: 'store_busy', queued: 3 }]);
    expect(buildMonitor(s, [], T0, { state: 'ok' }).alerts).toEqual([]);
    expect(buildMonitor(s, [], T0, null).alerts).toEqual([]);
  });
});

describe('formatDuration', () => {
  it('says minutes and seconds in words, so it does not read as a time of day', () => {
    expect(formatDuration(null, 'zh')).toBe('—');
    expect(formatDuration(1_035_000, 'zh')).toBe('17 分 15 秒');
    expect(formatDuration(1_035_000, 'en')).toBe('17 min 15 s');
    expect(formatDuration(65_000, 'zh')).toBe('1 分 05 秒');
    expect(formatDuration(45_900, 'zh')).toBe('45 秒');
    expect(formatDuration(45_900, 'en')).toBe('45 s');
  });
  it('says hours and minutes over an hour', () => {
    expect(formatDuration(3_900_000, 'zh')).toBe('1 小时 05 分');
    expect(formatDuration(3_900_000, 'en')).toBe('1 h 05 min');
    expect(formatDuration(3_725_000, 'en')).toBe('1 h 02 min');
  });
});

describe('the alerts of open complaints', () => {
  const HOUR = 60 * MINUTE;
  const openCase = (id: string, callbackDueAt: number, deadlineAt: number) =>
    openComplaint({ id, ticketNumber: id, openedAt: T0 - 48 * HOUR, callbackDueAt, deadlineAt });

  it('raises a call-back or rectification due today or overdue, overdue first, judged at now', () => {
    const now = T0; // Monday 09:00
    const cases = [
      openCase('A001', now + 3 * HOUR, now + 96 * HOUR), // call-back due today 12:00
      openCase('A002', now - HOUR, now - MINUTE), // both overdue
      openCase('A003', now + 24 * HOUR, now + 96 * HOUR), // nothing today
      {
        ...openCase('A004', now - HOUR, now + 8 * HOUR),
        callback: { by: 'x', at: now, visitorSaid: 'y' },
      },
      { ...openCase('A005', now - HOUR, now - HOUR), status: 'closed' as const },
    ];
    const alerts = buildMonitor(hallWithQueue(), [], now, null, cases).alerts.filter(
      (a) => a.kind === 'case_due',
    );
    expect(alerts.map((a) => [a.ticketNumber, a.stage, a.overdue])).toEqual([
      ['A002', 'callback', true],
      ['A002', 'rectify', true],
      ['A001', 'callback', false],
      ['A004', 'rectify', false], // called back: only its rectification, due 17:00 today
    ]);
    // A day later A001's call-back is overdue and A003's is due.
    const later = buildMonitor(hallWithQueue(), [], now + 24 * HOUR, null, cases).alerts;
    expect(later.some((a) => a.kind === 'case_due' && a.ticketNumber === 'A003')).toBe(true);
  });
});
