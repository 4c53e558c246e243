import { describe, expect, it } from 'vitest';
import type { SequencedEvent, Ticket } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { checkLog } from '../tools/simulate/check.js';
import { zonedTime } from '../tools/simulate/clock.js';
import {
  arrivalIntensity,
  arrivalShare,
  ClerkModel,
  DEFAULT_PROFILE,
  hhmm,
  planDay,
} from '../tools/simulate/model.js';
import { Rng } from '../tools/simulate/rng.js';

const P = DEFAULT_PROFILE;
const inRange = (from: string, to: string) => (m: number) => m >= hhmm(from) && m < hhmm(to);

describe('the arrival curve', () => {
  it('peaks in the morning and the afternoon, dips over lunch, is zero when closed', () => {
    const at = (t: string): number => arrivalIntensity(hhmm(t), P);
    expect(at('08:00')).toBe(0);
    expect(at('17:30')).toBe(0);
    expect(at('10:15')).toBeGreaterThan(2 * at('12:45'));
    expect(at('15:15')).toBeGreaterThan(2 * at('12:45'));
    expect(at('10:15')).toBeGreaterThan(at('15:15'));
    expect(at('10:15')).toBeGreaterThan(at('08:40'));
    expect(at('15:15')).toBeGreaterThan(at('17:20'));
  });

  it('shares: more per hour in the peaks than over lunch; the whole day is 1', () => {
    expect(arrivalShare(P, P.open, P.close)).toBeCloseTo(1, 10);
    const perHour = (from: string, to: string): number =>
      arrivalShare(P, hhmm(from), hhmm(to)) / ((hhmm(to) - hhmm(from)) / 60);
    expect(perHour('09:30', '11:00')).toBeGreaterThan(1.8 * perHour('12:00', '13:30'));
    expect(perHour('14:30', '16:00')).toBeGreaterThan(1.8 * perHour('12:00', '13:30'));
  });
});

describe('planDay', () => {
  it('is the same day for the same seed and another for another seed', () => {
    expect(planDay(DEMO_HALL, P, 7)).toEqual(planDay(DEMO_HALL, P, 7));
    expect(planDay(DEMO_HALL, P, 7)).not.toEqual(planDay(DEMO_HALL, P, 8));
  });

  it('brings the profile’s visitors, in order, within the opening hours, by the curve', () => {
    const day = planDay(DEMO_HALL, { ...P, visitors: 4000 }, 3);
    expect(day).toHaveLength(4000);
    const times = day.map((v) => v.arriveAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(P.open);
    expect(Math.max(...times)).toBeLessThan(P.close);
    const count = (f: (m: number) => boolean): number => times.filter(f).length;
    const morning = count(inRange('09:30', '11:00'));
    const lunch = count(inRange('12:00', '13:30'));
    const afternoon = count(inRange('14:30', '16:00'));
    expect(morning).toBeGreaterThan(1.8 * lunch);
    expect(afternoon).toBeGreaterThan(1.8 * lunch);
    // The drawn share of the morning peak is the curve's, within sampling noise.
    expect(morning / 4000).toBeCloseTo(arrivalShare(P, hhmm('09:30'), hhmm('11:00')), 1);
  });

  it('mixes services by weight, with green channel, appointments and two-step visits', () => {
    const day = planDay(DEMO_HALL, { ...P, visitors: 5000 }, 11);
    const byClass = (c: string): number => day.filter((v) => v.class === c).length / day.length;
    expect(byClass('priority')).toBeGreaterThan(0.02);
    expect(byClass('priority')).toBeLessThan(0.08);
    expect(byClass('appointment')).toBeGreaterThan(0.05);
    expect(byClass('appointment')).toBeLessThan(0.11);
    const twoSteps = day.filter((v) => v.itinerary.length === 2).length / day.length;
    expect(twoSteps).toBeGreaterThan(0.03);
    expect(twoSteps).toBeLessThan(0.09);
    const first = (id: string): number => day.filter((v) => v.itinerary[0]?.[0] === id).length;
    expect(first('social')).toBeGreaterThan(first('fund'));
    const known = new Set(DEMO_HALL.services.map((s) => s.id));
    expect(day.every((v) => v.itinerary.flat().every((id) => known.has(id)))).toBe(true);
    for (const v of day.filter((x) => x.appointment)) {
      const slot = v.appointment?.slotAt ?? 0;
      expect(slot % 30).toBe(0);
      // Comes from 25 minutes early to 5 late: within the kiosk's check-in window.
      expect(v.arriveAt).toBeGreaterThanOrEqual(slot - 25);
      expect(v.arriveAt).toBeLessThanOrEqual(slot + 5);
    }
  });
});

describe('ClerkModel', () => {
  it('serves around the service’s default minutes, skewed long, never under a minute', () => {
    const clerk = new ClerkModel(5, 0);
    const times = Array.from({ length: 5000 }, () => clerk.serviceMinutes(10)).sort(
      (a, b) => a - b,
    );
    const median = times[2500] ?? 0;
    expect(median).toBeGreaterThan(8);
    expect(median).toBeLessThan(10);
    const mean = times.reduce((s, x) => s + x, 0) / times.length;
    expect(mean).toBeGreaterThan(median);
    expect(times[0]).toBeGreaterThanOrEqual(1);
    expect(times[times.length - 1]).toBeLessThanOrEqual(40);
  });

  it('has no-shows, transfers, parks and poor ratings, rarely', () => {
    const clerk = new ClerkModel(9, 2);
    const n = 20_000;
    const walks = Array.from({ length: n }, () => clerk.walkUp());
    const noShow = walks.filter((w) => w === null).length / n;
    expect(noShow).toBeGreaterThan(0.02);
    expect(noShow).toBeLessThan(0.06);
    const endings = Array.from({ length: n }, () => clerk.ending());
    expect(endings.filter((e) => e === 'transfer').length / n).toBeCloseTo(0.025, 2);
    expect(endings.filter((e) => e === 'park').length / n).toBeCloseTo(0.025, 2);
    const ratings = Array.from({ length: n }, () => clerk.rating());
    const poor = ratings.filter((r) => r?.score !== undefined && r.score !== null && r.score <= 2);
    expect(poor.length / n).toBeGreaterThan(0.02);
    expect(poor.length / n).toBeLessThan(0.06);
    expect(poor.every((r) => (r?.reasons.length ?? 0) > 0)).toBe(true);
  });

  it('takes a lunch break, staggered between neighbouring windows, and is deterministic', () => {
    const lunch = (i: number): number =>
      new ClerkModel(1, i).pauses(i, P).find((p) => p.minutes >= 45)?.at ?? 0;
    expect(lunch(0)).toBeLessThan(hhmm('12:00'));
    expect(lunch(1)).toBeGreaterThanOrEqual(hhmm('12:45'));
    expect(new ClerkModel(4, 3).pauses(3, P)).toEqual(new ClerkModel(4, 3).pauses(3, P));
  });

  it('draws the same numbers from the same seed', () => {
    const a = Rng.derive(42, 1);
    const b = Rng.derive(42, 1);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(
      Array.from({ length: 5 }, () => b.next()),
    );
    expect(Rng.derive(42, 2).next()).not.toBe(Rng.derive(42, 1).next());
  });
});

describe('zonedTime', () => {
  it('is the hall’s local time', () => {
    expect(zonedTime('2026-03-02', hhmm('08:30'), 'Asia/Shanghai')).toBe(
      Date.UTC(2026, 2, 2, 0, 30),
    );
    expect(zonedTime('2026-03-02', hhmm('08:30'), 'UTC')).toBe(Date.UTC(2026, 2, 2, 8, 30));
  });
});

describe('checkLog', () => {
  const ticket = (n: number): Ticket =>
    ({ id: `d/A00${n}`, number: `A00${n}`, businessDay: 'd' }) as Ticket;
  let seq = 0;
  const ev = (body: Record<string, unknown>): SequencedEvent =>
    ({ ...body, seq: ++seq, at: seq }) as unknown as SequencedEvent;

  it('passes a consistent log and counts the statuses', () => {
    seq = 0;
    const log = [
      ev({ type: 'ticket_issued', ticket: ticket(1) }),
      ev({ type: 'ticket_issued', ticket: ticket(2) }),
      ev({ type: 'ticket_called', ticketId: 'd/A001', windowId: 'w1' }),
      ev({ type: 'service_started', ticketId: 'd/A001', windowId: 'w1' }),
      ev({ type: 'service_finished', ticketId: 'd/A001', windowId: 'w1', done: true }),
      ev({ type: 'ticket_called', ticketId: 'd/A002', windowId: 'w1' }),
      ev({ type: 'ticket_no_show', ticketId: 'd/A002', windowId: 'w1' }),
    ];
    const check = checkLog(log);
    expect(check.problems).toEqual([]);
    expect(check.byStatus).toEqual({ done: 1, no_show: 1 });
  });

  it('finds a double call, a busy window, a reused number and a call of a finished ticket', () => {
    seq = 0;
    const log = [
      ev({ type: 'ticket_issued', ticket: ticket(1) }),
      ev({ type: 'ticket_issued', ticket: { ...ticket(1), id: 'd/other' } }),
      ev({ type: 'ticket_issued', ticket: ticket(2) }),
      ev({ type: 'ticket_called', ticketId: 'd/A001', windowId: 'w1' }),
      ev({ type: 'ticket_called', ticketId: 'd/A001', windowId: 'w2' }),
      ev({ type: 'ticket_called', ticketId: 'd/A002', windowId: 'w1' }),
    ];
    const problems = checkLog(log).problems.join('\n');
    expect(problems).toMatch(/number d\/A001 used twice/);
    expect(problems).toMatch(/d\/A001 is called, not waiting/);
    expect(problems).toMatch(/w1 still has d\/A001/);
  });

  it("expires a called ticket at the day's close; one being served is a problem", () => {
    seq = 0;
    const log = [
      ev({ type: 'ticket_issued', ticket: ticket(1) }),
      ev({ type: 'ticket_issued', ticket: ticket(2) }),
      ev({ type: 'ticket_called', ticketId: 'd/A001', windowId: 'w1' }),
      ev({ type: 'ticket_called', ticketId: 'd/A002', windowId: 'w2' }),
      ev({ type: 'service_started', ticketId: 'd/A002', windowId: 'w2' }),
      ev({ type: 'day_closed', businessDay: 'd', expiredTicketIds: ['d/A001'] }),
    ];
    const check = checkLog(log);
    expect(check.problems).toEqual(["seq 6 day_closed: d/A002 still serving at the day's close"]);
    expect(check.byStatus).toMatchObject({ expired: 1 });
  });
});
