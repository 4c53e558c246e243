/**
 * The hall simulator's model: who comes when, for what, and how the clerks serve them. Pure and
 * deterministic: every random draw comes from an `Rng` made from the seed, no clock is read.
 * Times are minutes of the hall's day (9:30 = 570) unless named otherwise.
 */
import type { HallConfig, PauseReason, RatingScore, TicketClass } from '@onestop/shared';
import { Rng } from './rng.js';

export const hhmm = (text: string): number => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a time of day: "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
};

export const clockText = (minute: number): string => {
  const m = Math.floor(minute);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export interface DayProfile {
  /** Doors open and close (minutes of the day); kiosks issue in between. */
  open: number;
  close: number;
  /** Visitors over the whole day. */
  visitors: number;
  /** Shares of visitors: green channel, booked appointment, a visit of two steps. */
  priorityShare: number;
  appointmentShare: number;
  itineraryShare: number;
  /** Weight of each service in the mix; a service not named has weight 1. */
  serviceWeights: Readonly<Record<string, number>>;
}

/** A government service hall of a mid-sized city: about 400 visitors for 12 windows. */
export const DEFAULT_PROFILE: DayProfile = {
  open: hhmm('08:30'),
  close: hhmm('17:30'),
  visitors: 400,
  priorityShare: 0.05,
  appointmentShare: 0.08,
  itineraryShare: 0.06,
  serviceWeights: {
    'biz-open': 8,
    'biz-change': 8,
    social: 15,
    medical: 14,
    hukou: 10,
    'exit-entry': 9,
    'estate-reg': 10,
    tax: 12,
    invoice: 8,
    fund: 6,
  },
};

const bump = (m: number, centre: number, width: number): number =>
  Math.exp(-0.5 * ((m - centre) / width) ** 2);

/**
 * Relative arrival intensity at minute `m` (0 outside the opening hours): a morning peak
 * 9:30–11:00, a dip over lunch (12:00–13:30), an afternoon peak 14:30–16:00, quiet at both ends.
 */
export function arrivalIntensity(m: number, profile: Pick<DayProfile, 'open' | 'close'>): number {
  if (m < profile.open || m >= profile.close) return 0;
  const base = 0.25;
  const morning = 1.0 * bump(m, hhmm('10:15'), 40);
  const afternoon = 0.8 * bump(m, hhmm('15:15'), 40);
  const lunch = 1 - 0.7 * bump(m, hhmm('12:45'), 30);
  // Doors just opened, or about to close: fewer come.
  const ends = Math.min(1, (m - profile.open + 10) / 40, (profile.close - m) / 30 + 0.2);
  return (base + morning + afternoon) * lunch * Math.max(0.05, ends);
}

/** The share of a day's visitors arriving in [from, to). */
export function arrivalShare(profile: DayProfile, from: number, to: number): number {
  let part = 0;
  let all = 0;
  for (let m = profile.open; m < profile.close; m += 1) {
    const x = arrivalIntensity(m + 0.5, profile);
    all += x;
    if (m >= from && m < to) part += x;
  }
  return all > 0 ? part / all : 0;
}

export interface PlannedVisitor {
  n: number;
  /** Minute of the day the visitor takes a number (a fraction of a minute included). */
  arriveAt: number;
  class: TicketClass;
  itinerary: string[][];
  /** For `appointment`: the booked slot (minute of the day) and whether phone digits were given. */
  appointment: { slotAt: number; phoneLast4: string | null } | null;
}

/** Two-step visits a hall sees often; only those whose services the hall has are used. */
const ITINERARIES: string[][][] = [
  [['biz-open'], ['tax']],
  [['estate-reg'], ['tax']],
  [['social'], ['medical']],
  [['biz-open'], ['biz-change', 'invoice']],
  [['hukou'], ['exit-entry']],
];

/**
 * The day's visitors in order of arrival: `profile.visitors` arrival times drawn from the
 * intensity curve (inverse of its distribution, minute by minute), each with a service from the
 * mix, some on the green channel, some with a booking, some with a second step.
 */
export function planDay(config: HallConfig, profile: DayProfile, seed: number): PlannedVisitor[] {
  const rng = Rng.derive(seed, 0);
  const services = config.services.filter((s) => s.enabled);
  if (services.length === 0) throw new Error('the hall has no enabled service');
  const weighted = services.map((s) => [s.id, profile.serviceWeights[s.id] ?? 1] as const);
  const known = new Set(services.map((s) => s.id));
  const itineraries = ITINERARIES.filter((it) => it.flat().every((id) => known.has(id)));
  // Booked slots: every half hour, in the quieter half of the services (long ones), like a hall.
  const bookable = [...services].sort((a, b) => b.defaultMinutes - a.defaultMinutes).slice(0, 4);

  const minutes: number[] = [];
  const cdf: number[] = [];
  let total = 0;
  for (let m = profile.open; m < profile.close; m += 1) {
    total += arrivalIntensity(m + 0.5, profile);
    minutes.push(m);
    cdf.push(total);
  }
  const arrivals: number[] = [];
  for (let i = 0; i < profile.visitors; i++) {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    arrivals.push((minutes[lo] ?? profile.open) + rng.next());
  }
  arrivals.sort((a, b) => a - b);

  const visitors = arrivals.map((arriveAt, n): PlannedVisitor => {
    const kind = rng.next();
    if (kind < profile.appointmentShare && bookable.length > 0) {
      // Booked for the half-hour slot near the arrival; comes 25 min early to 5 min late.
      const slotAt = Math.max(
        profile.open,
        Math.min(profile.close - 30, Math.round((arriveAt + 10) / 30) * 30),
      );
      const service = bookable[rng.int(0, bookable.length - 1)];
      return {
        n,
        arriveAt: Math.max(profile.open, Math.min(profile.close - 1, slotAt + rng.uniform(-25, 5))),
        class: 'appointment',
        itinerary: [[service?.id ?? services[0]?.id ?? '']],
        appointment: {
          slotAt,
          phoneLast4: rng.chance(0.5) ? String(rng.int(0, 9999)).padStart(4, '0') : null,
        },
      };
    }
    const twoSteps = rng.chance(profile.itineraryShare) && itineraries.length > 0;
    const itinerary = twoSteps
      ? (itineraries[rng.int(0, itineraries.length - 1)] ?? [])
      : [[rng.pick(weighted)]];
    return {
      n,
      arriveAt,
      class: rng.chance(profile.priorityShare) ? 'priority' : 'normal',
      itinerary: itinerary.map((step) => [...step]),
      appointment: null,
    };
  });
  // A booked visitor comes by the slot, not by the curve: order by arrival again.
  return visitors.sort((a, b) => a.arriveAt - b.arriveAt).map((v, n) => ({ ...v, n }));
}

/** How one clerk works: every draw from the clerk's own stream. */
export class ClerkModel {
  readonly rng: Rng;

  constructor(seed: number, windowIndex: number) {
    this.rng = Rng.derive(seed, 1000 + windowIndex);
  }

  /** Minutes after the doors open the clerk opens the window. */
  startDelay(): number {
    return this.rng.uniform(0, 8);
  }

  /** Seconds from the call to the visitor at the counter; null: the visitor never comes. */
  walkUp(): number | null {
    if (this.rng.chance(0.04)) return null;
    return Math.min(240, this.rng.logNormal(35, 0.5));
  }

  /** Seconds the clerk waits before calling a visitor who has not come again. */
  recallAfter(): number {
    return this.rng.uniform(45, 90);
  }

  /** Minutes of a service: around the service's default, skewed long, never under 1. */
  serviceMinutes(defaultMinutes: number): number {
    return Math.max(
      1,
      Math.min(4 * defaultMinutes, this.rng.logNormal(0.9 * defaultMinutes, 0.45)),
    );
  }

  /** What the clerk does at the end of a service. */
  ending(): 'finish' | 'transfer' | 'park' {
    return this.rng.pick([
      ['finish', 0.95],
      ['transfer', 0.025],
      ['park', 0.025],
    ] as const);
  }

  /**
   * A parked visitor: back by a time set on the ticket (minutes), or back when the clerk
   * unparks them (minutes), or never (the clerk cancels the ticket after `minutes`).
   */
  parking(): { kind: 'until' | 'unpark' | 'gone'; minutes: number } {
    const kind = this.rng.pick([
      ['until', 0.5],
      ['unpark', 0.35],
      ['gone', 0.15],
    ] as const);
    return { kind, minutes: this.rng.uniform(8, 30) };
  }

  /** The visitor's rating on the pad: a score, null (no answer before the timeout), or no rating. */
  rating(): { score: RatingScore | null; reasons: string[]; afterSeconds: number } | null {
    if (this.rng.chance(0.15)) return null;
    const score = this.rng.pick<RatingScore | null>([
      [5, 0.7],
      [4, 0.16],
      [3, 0.05],
      [2, 0.025],
      [1, 0.015],
      [null, 0.05],
    ]);
    const reasons =
      score !== null && score <= 2
        ? [
            this.rng.pick([
              ['等待时间长 long wait', 1],
              ['解释不清 unclear explanation', 1],
            ] as const),
          ]
        : [];
    return { score, reasons, afterSeconds: this.rng.uniform(3, 20) };
  }

  /**
   * The clerk's pauses over the day (minutes of the day; taken once the window is idle): lunch,
   * staggered so half the windows stay open, and now and then a short break or a meeting.
   */
  pauses(windowIndex: number, profile: DayProfile): PlannedPause[] {
    const lunchStart =
      (windowIndex % 2 === 0 ? hhmm('11:45') : hhmm('12:45')) + this.rng.uniform(0, 10);
    const pauses: PlannedPause[] = [];
    if (this.rng.chance(0.4)) {
      const at = this.rng.uniform(hhmm('10:00'), hhmm('11:15'));
      pauses.push({ at, minutes: this.rng.uniform(5, 12), reason: 'break' });
    }
    pauses.push({ at: lunchStart, minutes: this.rng.uniform(45, 60), reason: 'break' });
    if (this.rng.chance(0.4)) {
      const at = this.rng.uniform(hhmm('15:00'), hhmm('16:30'));
      pauses.push({
        at,
        minutes: this.rng.uniform(5, 15),
        reason: this.rng.chance(0.3) ? 'meeting' : 'break',
      });
    }
    return pauses.filter((p) => p.at >= profile.open && p.at + p.minutes < profile.close);
  }
}

export interface PlannedPause {
  at: number;
  minutes: number;
  reason: PauseReason;
}

/** A transfer target for a ticket of `serviceId`: another service of the hall, or null. */
export function transferTarget(config: HallConfig, serviceId: string, rng: Rng): string | null {
  const others = config.services.filter(
    (s) =>
      s.enabled &&
      s.id !== serviceId &&
      config.windows.some((w) => w.services.some((ws) => ws.serviceId === s.id)),
  );
  if (others.length === 0) return null;
  return others[rng.int(0, others.length - 1)]?.id ?? null;
}
