import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/commands.js';
import type { DomainEvent } from '../domain/events.js';
import type {
  CallPolicy,
  HallConfig,
  ItineraryStep,
  Millis,
  Ticket,
  TicketClass,
  WindowState,
} from '../domain/types.js';
import { TICKET_STATUSES } from '../domain/types.js';
import { apply, initialState } from './apply.js';
import { decide } from './decide.js';
import type { HallState } from './state.js';
import { MINUTE, MONDAY, TEST_TIMEZONE, shanghai, testHall } from './test-fixture.js';
import { formatTicketNumber } from './ticket-number.js';
import { businessDayOf } from './time.js';

/**
 * Random command sequences over the test hall, with a clock that only moves forward, decided and
 * applied as the hub does. Invariants are checked after every step; the call policy is checked
 * against an independent reading of docs/CALL-POLICY.md at every call.
 */

const KINDS = [
  'issue',
  'open_window',
  'pause_window',
  'resume_window',
  'close_window',
  'call_next',
  'call_specific',
  'recall',
  'start_serving',
  'finish',
  'no_show',
  'put_back',
  'transfer',
  'park',
  'unpark',
  'cancel',
  'rate',
  'tick',
  'close_day',
  'open_day',
] as const;
type Kind = (typeof KINDS)[number];

interface Step {
  kind: Kind;
  a: number;
  b: number;
  c: number;
  /** Mostly (1..9) aims at a window or ticket the command fits; 0 picks any, to get refusals. */
  aim: number;
  /** Seconds the clock moves before the command. */
  dt: number;
}

type Weights = Partial<Record<Kind, number>>;
type CallEvent = Extract<DomainEvent, { type: 'ticket_called' }>;

interface Scenario {
  config: HallConfig;
  classes: TicketClass[];
  /** Itineraries of several services and steps, and transfers. */
  multiStep: boolean;
  /** Runs after each accepted call, with the state it was decided against. */
  onCall?: (before: HallState, call: CallEvent, byPolicy: boolean) => void;
}

const SERVICE_IDS = ['marriage', 'residence', 'invoice', 'tax'];
const WINDOW_IDS = ['w1', 'w2', 'w3', 'w4'];
const STAFF_CODES = ['1001', '1002', '1003', '1004'];
const START = shanghai(MONDAY, '08:40'); // invoices open at 09:00

const pick = <T>(items: readonly T[], index: number): T => {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

function stepsArb(weights: Weights, maxDtSeconds: number, maxLength: number): fc.Arbitrary<Step[]> {
  const kinds = KINDS.filter((k) => (weights[k] ?? 0) > 0).map((k) => ({
    arbitrary: fc.constant(k),
    weight: weights[k] ?? 0,
  }));
  const step = fc.record({
    kind: fc.oneof(...kinds),
    a: fc.nat(1000),
    b: fc.nat(1000),
    c: fc.nat(1000),
    aim: fc.nat(9),
    dt: fc.nat(maxDtSeconds),
  });
  return fc.array(step, { minLength: 1, maxLength, size: 'max' });
}

function itineraryOf(step: Step, multiStep: boolean): ItineraryStep[] {
  if (!multiStep) return [{ serviceIds: [pick(SERVICE_IDS, step.a)] }];
  if (step.c % 23 === 0) return [{ serviceIds: ['marriage', 'marriage'] }]; // refused
  const rotated = SERVICE_IDS.map((_, i) => pick(SERVICE_IDS, step.a + i));
  const chosen = rotated.slice(0, 1 + (step.b % 3));
  const split = step.c % chosen.length;
  if (split === 0) return [{ serviceIds: chosen }];
  return [{ serviceIds: chosen.slice(0, split) }, { serviceIds: chosen.slice(split) }];
}

function commandOf(state: HallState, scenario: Scenario, step: Step, now: Millis): Command {
  const windows = [...state.windows.values()];
  const tickets = [...state.tickets.values()];
  const windowWhere = (fits: (w: WindowState) => boolean): string => {
    const aimed = windows.filter(fits).map((w) => w.windowId);
    return step.aim > 0 && aimed.length > 0 ? pick(aimed, step.a) : pick(WINDOW_IDS, step.a);
  };
  const ticketWhere = (fits: (t: Ticket) => boolean): string => {
    const aimed = tickets.filter(fits).map((t) => t.id);
    const any = tickets.map((t) => t.id).concat('none');
    return step.aim > 0 && aimed.length > 0 ? pick(aimed, step.b) : pick(any, step.b);
  };
  const busyWindow = windowWhere((w) => w.currentTicketId !== null);
  switch (step.kind) {
    case 'issue': {
      const ticketClass = pick(scenario.classes, step.b);
      return {
        type: 'issue_ticket',
        itinerary: itineraryOf(step, scenario.multiStep),
        class: ticketClass,
        appointment:
          ticketClass === 'appointment'
            ? { code: `X${step.c}`, slotAt: now + ((step.c % 61) - 20) * MINUTE }
            : null,
        accessToken: `t${step.c}`,
      };
    }
    case 'open_window': {
      const free = STAFF_CODES.filter((code) => !windows.some((w) => w.staffCode === code));
      const staffCode =
        step.aim > 0 && free.length > 0 ? pick(free, step.b) : pick(STAFF_CODES, step.b);
      return {
        type: 'open_window',
        windowId: windowWhere((w) => w.status === 'closed'),
        staffCode,
      };
    }
    case 'pause_window':
      return {
        type: 'pause_window',
        windowId: windowWhere((w) => w.status === 'open'),
        reason: 'break',
      };
    case 'resume_window':
      return { type: 'resume_window', windowId: windowWhere((w) => w.status === 'paused') };
    case 'close_window':
      return { type: 'close_window', windowId: windowWhere((w) => w.status !== 'closed') };
    case 'call_next':
      return {
        type: 'call_next',
        windowId: windowWhere((w) => w.status === 'open' && w.currentTicketId === null),
      };
    case 'call_specific':
      return {
        type: 'call_specific',
        windowId: windowWhere((w) => w.status === 'open' && w.currentTicketId === null),
        ticketId: ticketWhere((t) => t.status === 'waiting'),
      };
    case 'recall':
    case 'start_serving':
    case 'finish':
    case 'no_show':
    case 'put_back':
      return { type: step.kind, windowId: busyWindow };
    case 'transfer': {
      const mode = scenario.multiStep ? step.b % 3 : 2;
      return {
        type: 'transfer',
        windowId: busyWindow,
        toServiceId: mode === 0 ? pick(SERVICE_IDS, step.c) : null,
        toWindowId: mode === 1 ? pick(WINDOW_IDS, step.c) : null,
        note: '',
      };
    }
    case 'park':
      return {
        type: 'park',
        windowId: busyWindow,
        until: step.b % 2 === 0 ? null : now + ((step.c % 30) - 5) * MINUTE,
        note: '',
      };
    case 'unpark':
      return { type: 'unpark', ticketId: ticketWhere((t) => t.status === 'parked') };
    case 'cancel': {
      const cancellable = ticketWhere((t) => t.status === 'waiting' || t.status === 'parked');
      return { type: 'cancel', ticketId: cancellable, by: 'visitor' };
    }
    case 'rate': {
      const scores = [null, 1, 2, 3, 4, 5] as const;
      const rateable = ticketWhere((t) => t.finishedAt !== null && t.rating === null);
      return { type: 'rate', ticketId: rateable, score: pick(scores, step.c), reasons: [] };
    }
    case 'tick':
      return { type: 'tick' };
    case 'close_day':
      return { type: 'close_day' };
    case 'open_day': {
      const today = businessDayOf(now, TEST_TIMEZONE);
      const tomorrow = businessDayOf(now + 24 * 60 * MINUTE, TEST_TIMEZONE);
      const businessDay = step.aim > 0 ? pick([today, tomorrow], step.b) : '2025-01-01';
      return { type: 'open_day', businessDay };
    }
  }
}

function fail(message: string): never {
  throw new Error(message);
}

function checkInvariants(state: HallState): void {
  const holders = new Map<string, string>();
  const staffAt = new Map<string, string>();
  for (const window of state.windows.values()) {
    if (window.status === 'closed') {
      if (window.currentTicketId !== null || window.staffCode !== null) {
        fail(`closed window ${window.windowId} holds a ticket or a clerk`);
      }
      continue;
    }
    if (window.staffCode === null)
      fail(`window ${window.windowId} is ${window.status} without a clerk`);
    if (staffAt.has(window.staffCode)) fail(`${window.staffCode} is at two windows`);
    staffAt.set(window.staffCode, window.windowId);
    const id = window.currentTicketId;
    if (id === null) continue;
    if (holders.has(id)) fail(`${id} is the current ticket of two windows`);
    holders.set(id, window.windowId);
    const ticket = state.tickets.get(id);
    if (ticket?.status !== 'called' && ticket?.status !== 'serving') {
      fail(`window ${window.windowId} holds ${id}, which is ${ticket?.status ?? 'unknown'}`);
    }
    if (ticket.windowId !== window.windowId) fail(`${id} names window ${ticket.windowId ?? '-'}`);
  }

  const byService = new Map<string, Ticket[]>();
  const byStatus = new Map<string, number>();
  const arrivals = new Set<number>();
  for (const ticket of state.tickets.values()) {
    if ((ticket.status === 'called' || ticket.status === 'serving') && !holders.has(ticket.id)) {
      fail(`${ticket.id} is ${ticket.status} but no window holds it`);
    }
    if ((ticket.status === 'waiting') !== ticket.queueServiceIds.length > 0) {
      fail(`${ticket.id} is ${ticket.status} with queues [${ticket.queueServiceIds.join()}]`);
    }
    const step = ticket.itinerary[ticket.stepIndex] ?? fail(`${ticket.id} is past its itinerary`);
    const ahead = ticket.itinerary.slice(ticket.stepIndex).flatMap((st) => st.serviceIds);
    if (new Set(ahead).size !== ahead.length) fail(`${ticket.id} has a service twice ahead`);
    if (ticket.status === 'waiting') {
      // It waits exactly where the rest of its step is (one service when sent to a window).
      const pending = step.serviceIds.filter((id) => !ticket.doneServiceIds.includes(id));
      const queue = [...ticket.queueServiceIds].sort();
      if (
        ticket.targetWindowId !== null ? queue.length !== 1 : queue.join() !== pending.sort().join()
      ) {
        fail(`${ticket.id} waits in [${queue.join()}], its step needs [${pending.join()}]`);
      }
    }
    if (ticket.status !== 'parked' && ticket.parkedUntil !== null)
      fail(`${ticket.id} keeps parkedUntil`);
    if (ticket.id !== `${ticket.businessDay}/${ticket.number}`) fail(`${ticket.id} is misnamed`);
    if (state.day !== null && ticket.businessDay !== state.day.businessDay)
      fail(`${ticket.id} is from another day`);
    arrivals.add(ticket.arrivalIndex);
    byStatus.set(ticket.status, (byStatus.get(ticket.status) ?? 0) + 1);
    const list = byService.get(ticket.serviceId) ?? [];
    list.push(ticket);
    byService.set(ticket.serviceId, list);
  }

  // Counts add up: every issued ticket has exactly one status.
  const total = TICKET_STATUSES.reduce((sum, status) => sum + (byStatus.get(status) ?? 0), 0);
  if (total !== state.issuedCount || state.tickets.size !== state.issuedCount) {
    fail(`issued ${state.issuedCount}, tickets ${state.tickets.size}, by status ${total}`);
  }
  if (arrivals.size !== state.issuedCount || [...arrivals].some((i) => i >= state.issuedCount)) {
    fail('arrival indexes are not 0..issued-1');
  }

  // Numbers are unique and gap-free per service: 1..n.
  for (const service of state.config.services) {
    const tickets = byService.get(service.id) ?? [];
    const numbers = new Set(tickets.map((t) => t.number));
    for (let seq = 1; seq <= tickets.length; seq += 1) {
      if (!numbers.has(formatTicketNumber(service.prefix, seq)))
        fail(`${service.prefix}${seq} is missing`);
    }
    if ((state.sequences.get(service.id) ?? 0) !== tickets.length)
      fail(`${service.id} sequence is off`);
  }

  if (state.day?.status === 'closed') {
    for (const ticket of state.tickets.values()) {
      if (['waiting', 'called', 'serving', 'parked'].includes(ticket.status)) {
        fail(`${ticket.id} is ${ticket.status} after the day closed`);
      }
    }
    if ([...state.windows.values()].some((w) => w.status !== 'closed'))
      fail('a window is open after close');
  }
}

/** Who may be called at a window, and in which tier: docs/CALL-POLICY.md read again, apart from policy.ts. */
function oracleCandidates(
  state: HallState,
  windowId: string,
): { ticket: Ticket; weight: number }[] {
  const window = state.config.windows.find((w) => w.id === windowId);
  if (window === undefined) return [];
  const top = Math.max(...window.services.map((s) => s.weight));
  const result: { ticket: Ticket; weight: number }[] = [];
  for (const ticket of state.tickets.values()) {
    if (ticket.status !== 'waiting') continue;
    if (ticket.targetWindowId === windowId) {
      result.push({ ticket, weight: top });
    } else if (ticket.targetWindowId === null) {
      const weights = window.services
        .filter((s) => ticket.queueServiceIds.includes(s.serviceId))
        .map((s) => s.weight);
      if (weights.length > 0) result.push({ ticket, weight: Math.max(...weights) });
    }
  }
  return result;
}

const older = (a: Ticket, b: Ticket): boolean =>
  a.queuedAt < b.queuedAt || (a.queuedAt === b.queuedAt && a.arrivalIndex < b.arrivalIndex);

function oldestOf(tickets: Ticket[]): Ticket | undefined {
  return tickets.reduce<Ticket | undefined>(
    (best, t) => (best === undefined || older(t, best) ? t : best),
    undefined,
  );
}

function run(scenario: Scenario, prelude: Command[], steps: Step[]): void {
  let state = initialState(scenario.config);
  let now = START;
  const log: DomainEvent[] = [];
  // A number is never given twice in a day, even when the day is closed and opened again.
  const issuedIds = new Set<string>();
  for (const entry of [...prelude, ...steps]) {
    const isStep = 'kind' in entry;
    if (isStep) now += entry.dt * 1000;
    const command = isStep ? commandOf(state, scenario, entry, now) : entry;
    const before = structuredClone(state);
    const decision = decide(state, command, now);
    // Deciding never changes the state, accepted or refused.
    if (!isDeepStrictEqual(state, before)) fail(`decide changed the state on ${command.type}`);
    if (!decision.ok) continue;
    for (const event of decision.events) {
      if (event.at !== now) fail(`${event.type} is not stamped now`);
      state = apply(state, event);
      log.push(event);
      if (event.type === 'ticket_issued') {
        if (issuedIds.has(event.ticket.id)) fail(`${event.ticket.id} was issued twice`);
        issuedIds.add(event.ticket.id);
      }
      if (event.type === 'ticket_called')
        scenario.onCall?.(before, event, command.type === 'call_next');
    }
    checkInvariants(state);
  }
  // Determinism: the log folded from the start, twice, gives the state it built.
  const fold = () => log.reduce((s, event) => apply(s, event), initialState(scenario.config));
  const first = fold();
  if (!isDeepStrictEqual(first, state) || !isDeepStrictEqual(fold(), first)) {
    fail('folding the log differs');
  }
}

function flatHall(policy: Partial<CallPolicy>): HallConfig {
  const config = testHall(policy);
  for (const window of config.windows) for (const service of window.services) service.weight = 1;
  return config;
}

const openAll: Command[] = [
  { type: 'open_day', businessDay: MONDAY },
  ...WINDOW_IDS.map((windowId, i): Command => ({
    type: 'open_window',
    windowId,
    staffCode: pick(STAFF_CODES, i),
  })),
];

const everything: Weights = {
  issue: 6,
  open_window: 2,
  pause_window: 1,
  resume_window: 1,
  close_window: 1,
  call_next: 8,
  call_specific: 2,
  recall: 2,
  start_serving: 5,
  finish: 6,
  no_show: 2,
  put_back: 1,
  transfer: 2,
  park: 1,
  unpark: 2,
  cancel: 1,
  rate: 2,
  tick: 1,
  close_day: 1,
  open_day: 3,
};

// Without transfers or day changes; with single-step tickets and no appointments, nothing
// returns and nothing is due, so only the ratio and first come decide.
const plain: Weights = {
  ...everything,
  issue: 10,
  call_next: 10,
  no_show: 4,
  transfer: 0,
  close_day: 0,
  open_day: 0,
};

/** What docs/CALL-POLICY.md says window W must call, from the state before the call. */
function expectedCall(
  before: HallState,
  windowId: string,
  now: Millis,
): { ids: string[]; reason: string } {
  const { policy } = before.config.hall;
  const window = before.config.windows.find((w) => w.id === windowId) ?? fail('unknown window');
  const candidates = oracleCandidates(before, windowId);
  const tierWeight = Math.max(...candidates.map((c) => c.weight));
  const tier = candidates.filter((c) => c.weight === tierWeight).map((c) => c.ticket);
  const due = tier.filter(
    (t) =>
      t.class === 'appointment' &&
      t.appointment !== null &&
      Math.abs(now - t.appointment.slotAt) <= policy.appointmentGraceMinutes * MINUTE,
  );
  if (due.length > 0) {
    const earliest = Math.min(...due.map((t) => t.appointment?.slotAt ?? Infinity));
    const ids = due.filter((t) => t.appointment?.slotAt === earliest).map((t) => t.id);
    return { ids, reason: 'appointment_due' };
  }
  const rules: [Ticket[], string][] = [
    [tier.filter((t) => now - t.queuedAt > policy.maxWaitMinutes * MINUTE), 'aged'],
    [tier.filter((t) => t.returned), 'transfer_return'],
  ];
  const callsSince = before.windows.get(windowId)?.callsSincePriority ?? 0;
  const priority = tier.filter((t) => t.class === 'priority');
  if (callsSince >= policy.priorityRatio) rules.push([priority, 'priority_ratio']);
  const top = Math.max(...window.services.map((s) => s.weight));
  // First come, first served over the whole tier, the green channel included.
  rules.push([tier, tierWeight < top ? 'tier' : 'fifo']);
  for (const [tickets, reason] of rules) {
    const oldest = oldestOf(tickets);
    if (oldest !== undefined) return { ids: [oldest.id], reason };
  }
  return fail('a call with no candidate');
}

// Shrinking a long failing sequence can take minutes: report the smallest one found in time.
const BOUNDED = { interruptAfterTimeLimit: 20_000 };

describe('engine properties', () => {
  it('keeps its invariants and calls by the tiers, appointments, ageing, returns and ratio', () => {
    const scenario: Scenario = {
      config: testHall({ maxWaitMinutes: 40, priorityRatio: 2, recallLimit: 1 }),
      classes: ['normal', 'normal', 'priority', 'appointment'],
      multiStep: true,
      onCall: (before, call, byPolicy) => {
        const candidates = oracleCandidates(before, call.windowId);
        if (!candidates.some((c) => c.ticket.id === call.ticketId))
          fail(`${call.ticketId} was not callable`);
        if (!byPolicy) return;
        // The highest tier first; in it a due appointment, then an aged ticket (oldest first)
        // before any other, then returns, then the ratio, then first come.
        const expected = expectedCall(before, call.windowId, call.at);
        expect(expected.ids).toContain(call.ticketId);
        expect(call.reason).toBe(expected.reason);
      },
    };
    fc.assert(
      fc.property(stepsArb(everything, 4 * 60, 120), (steps) => run(scenario, openAll, steps)),
      { numRuns: 150, ...BOUNDED },
    );
  });

  it('serves first come, first served, the green channel included, when no other rule applies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1_000_000),
        stepsArb(plain, 2 * 60, 150),
        (priorityRatio, steps) => {
          const scenario: Scenario = {
            config: flatHall({ maxWaitMinutes: 1_000_000, priorityRatio }),
            classes: ['normal', 'priority'],
            multiStep: false,
            onCall: (before, call, byPolicy) => {
              if (!byPolicy) return;
              const candidates = oracleCandidates(before, call.windowId).map((c) => c.ticket);
              const called = before.tickets.get(call.ticketId) ?? fail('unknown ticket');
              // Ratio 0: the oldest green ticket whenever one waits. A ratio never reached: the
              // oldest of all, whatever its class.
              const green = candidates.filter((t) => t.class === 'priority');
              const expected =
                priorityRatio === 0 && green.length > 0 ? oldestOf(green) : oldestOf(candidates);
              expect(called.id).toBe(expected?.id);
            },
          };
          run(scenario, openAll, steps);
        },
      ),
      { numRuns: 100, ...BOUNDED },
    );
  });

  it('never calls a green-channel ticket later than first come, first served would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), stepsArb(plain, 2 * 60, 150), (k, steps) => {
        const scenario: Scenario = {
          config: flatHall({ maxWaitMinutes: 1_000_000, priorityRatio: k }),
          classes: ['normal', 'normal', 'priority'],
          multiStep: false,
          onCall: (before, call, byPolicy) => {
            if (!byPolicy) return;
            const called = before.tickets.get(call.ticketId) ?? fail('unknown ticket');
            if (called.class === 'priority') return;
            // A normal ticket called while an older green ticket waits would hold that one back.
            const olderGreen = oracleCandidates(before, call.windowId).filter(
              (c) => c.ticket.class === 'priority' && older(c.ticket, called),
            );
            expect(olderGreen.map((c) => c.ticket.number)).toEqual([]);
          },
        };
        run(scenario, openAll, steps);
      }),
      { numRuns: 100, ...BOUNDED },
    );
  });

  it('never makes more than `priorityRatio` other calls in a row while the green channel waits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), stepsArb(plain, 2 * 60, 150), (k, steps) => {
        // Calls since the last green-channel call, per window, counted apart from the engine.
        const streaks = new Map<string, number>();
        const scenario: Scenario = {
          config: flatHall({ maxWaitMinutes: 1_000_000, priorityRatio: k }),
          classes: ['normal', 'normal', 'priority'],
          multiStep: false,
          onCall: (before, call, byPolicy) => {
            const called = before.tickets.get(call.ticketId) ?? fail('unknown ticket');
            const streak = streaks.get(call.windowId) ?? 0;
            const greenWaits = oracleCandidates(before, call.windowId).some(
              (c) => c.ticket.class === 'priority',
            );
            if (byPolicy && called.class !== 'priority' && greenWaits)
              expect(streak).toBeLessThan(k);
            streaks.set(call.windowId, called.class === 'priority' ? 0 : streak + 1);
          },
        };
        run(scenario, openAll, steps);
      }),
      { numRuns: 100, ...BOUNDED },
    );
  });
});
