import fc from 'fast-check';
import { commandNames, ROLES, type Role } from '@onestop/shared';
import { DEMO_HALL, DEMO_STAFF } from '@onestop/hub';
import {
  anyValue,
  applyMutation,
  eventsOf,
  exampleOf,
  hostileKey,
  mutationOf,
  RESERVED_EVENTS,
} from './hostile-payloads.js';
import { LONG, scaled } from './mode.js';

/*
 * Seeds, budgets and message generators of the fuzz suites (tests/fuzz-*.test.ts).
 *
 * Reproducible: every suite derives its seed from FUZZ_SEED (a fixed default in CI, a fresh one
 * in the long mode unless FUZZ_SEED is set) and prints it with any failure; run again with
 * `FUZZ_SEED=<seed> npx vitest run tests/fuzz-….test.ts` to get the same inputs.
 * Time-bounded: each property stops at its time budget even if it has not made all its runs.
 */

const DEFAULT_SEED = 7_0707;

function seedFromEnv(): number {
  const text = process.env.FUZZ_SEED;
  if (text !== undefined && text !== '') {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new Error(`FUZZ_SEED must be an integer, not "${text}"`);
    return n;
  }
  return LONG ? Math.floor(Math.random() * 2 ** 31) : DEFAULT_SEED;
}

/** The run's seed: FUZZ_SEED, or the default. */
export const FUZZ_SEED = seedFromEnv();

/** A suite's own seed, derived from the run's seed and its name (so suites differ). */
export function seedFor(label: string): number {
  let h = FUZZ_SEED | 0;
  for (let i = 0; i < label.length; i++) h = (Math.imul(h, 31) + label.charCodeAt(i)) | 0;
  return h;
}

/** What to print with a failure: how to get the same inputs again. */
export function replayHint(label: string): string {
  return `fuzz "${label}": FUZZ_SEED=${FUZZ_SEED} (suite seed ${seedFor(label)})`;
}

/**
 * fast-check parameters: the suite's seed, a number of runs, and a time limit after which the
 * property stops (not a failure: the runs made are kept and counted).
 */
export function fuzzParameters(label: string, numRuns: number, timeLimitMs: number) {
  return {
    seed: seedFor(label),
    numRuns,
    interruptAfterTimeLimit: timeLimitMs,
    markInterruptAsFailure: false,
    // Long inputs shrink slowly: enough to get a small counterexample, bounded all the same.
    endOnFailure: false,
    verbose: 1,
  } as const;
}

/** A fuzz property's time budget: CI-sized, or the long mode's (which runs for many minutes). */
export function fuzzBudgetMs(ciMs: number): number {
  return scaled(ciMs, 40 * 60_000);
}

/** The test's own timeout: its budget and room to report (vitest's default is 30 s). */
export function fuzzTimeoutMs(ciMs: number): number {
  return LONG ? 60 * 60_000 : ciMs;
}

// ---- socket messages ------------------------------------------------------------------------

/** One fuzzed emit: the namespace's role, the event, its arguments. */
export interface FuzzMessage {
  role: Role;
  event: string;
  args: unknown[];
  /** An object key the schema cannot know was added: the message is invalid whatever else. */
  strict: boolean;
  kind: 'mutated' | 'plausible' | 'whole' | 'arity' | 'foreign';
}

const SERVICE_IDS = DEMO_HALL.services.map((s) => s.id);
const WINDOW_IDS = DEMO_HALL.windows.map((w) => w.id);
const PREFIXES = [...new Set(DEMO_HALL.services.map((s) => s.prefix))];

/** Ticket ids of `day` that exist or might: A001…A040 and so on. */
function ticketId(day: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...PREFIXES), fc.integer({ min: 1, max: 40 }))
    .map(([p, n]) => `${day}/${p}${String(n).padStart(3, '0')}`);
}

const commandId: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('fz', 'fuzz', 'k1', 'w3'), fc.uint8Array({ minLength: 4, maxLength: 12 }))
  .map(([p, bytes]) => `${p}-${Buffer.from(bytes).toString('hex')}`);

/**
 * Values the hall knows, by field name: so a good share of fuzzed messages pass the schema and
 * reach the engine (which must then refuse or accept them cleanly).
 */
function plausibleField(key: string, day: string): fc.Arbitrary<unknown> | null {
  switch (key) {
    case 'commandId':
      return commandId;
    case 'ticketId':
      return ticketId(day);
    case 'serviceIds':
      return fc.uniqueArray(fc.constantFrom(...SERVICE_IDS), { minLength: 1, maxLength: 3 });
    case 'toServiceId':
      return fc.option(fc.constantFrom(...SERVICE_IDS, 'nope'), { nil: null });
    case 'toWindowId':
    case 'windowId':
      return fc.option(fc.constantFrom(...WINDOW_IDS, 'w99'), { nil: null });
    case 'staffCode':
      return fc.constantFrom(...DEMO_STAFF.map((s) => s.code), 'NOBODY');
    case 'pin':
      return fc.constantFrom('0000', '9999', '12345678');
    case 'score':
      return fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });
    case 'class':
      return fc.constantFrom('normal', 'priority', 'appointment', 'vip');
    case 'until':
      return fc.option(fc.integer({ min: Date.now() - 3_600_000, max: Date.now() + 3_600_000 }), {
        nil: null,
      });
    case 'businessDay':
      return fc.option(fc.constantFrom(day, '2020-01-01', '2999-12-31'), { nil: null });
    case 'lastSeq':
      return fc.integer({ min: 0, max: 5_000 });
    default:
      return null;
  }
}

/** The example of an event with each field it knows replaced (or kept) by a plausible value. */
function plausible(role: Role, event: string, day: string): fc.Arbitrary<unknown> {
  const base = exampleOf(role, event);
  const replaced = (value: unknown, key: string): fc.Arbitrary<unknown> => {
    const field = plausibleField(key, day);
    if (field) return fc.oneof({ weight: 4, arbitrary: field }, fc.constant(value));
    if (Array.isArray(value)) {
      return fc.tuple(...value.map((v) => replaced(v, key)));
    }
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      return fc
        .tuple(...entries.map(([k, v]) => replaced(v, k)))
        .map((values) => Object.fromEntries(entries.map(([k], i) => [k, values[i]])));
    }
    return fc.constant(value);
  };
  return replaced(base, '');
}

const HOSTILE_EVENTS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'batch',
  'SYNC',
  'sync ',
  'call_next\u0000',
  '',
  'x'.repeat(300),
];

/**
 * A fuzzed message for one of `roles`: mostly an example with one thing made wrong, then
 * plausible messages that reach the engine, whole random payloads, wrong argument counts and
 * events of other namespaces or no namespace.
 */
export function fuzzMessage(roles: readonly Role[], day: string): fc.Arbitrary<FuzzMessage> {
  return fc.constantFrom(...roles).chain((role) => {
    const events = eventsOf(role);
    const own = fc.constantFrom(...events);
    const mutated = own.chain((event) =>
      mutationOf(exampleOf(role, event)).map((m): FuzzMessage => {
        const { payload, extraKey } = applyMutation(exampleOf(role, event), m);
        return { role, event, args: [payload], strict: extraKey, kind: 'mutated' };
      }),
    );
    const good = own.chain((event) =>
      plausible(role, event, day).map((payload): FuzzMessage => ({
        role,
        event,
        args: [payload],
        strict: false,
        kind: 'plausible',
      })),
    );
    const whole = fc.tuple(own, anyValue).map(([event, payload]): FuzzMessage => ({
      role,
      event,
      args: [payload],
      strict: false,
      kind: 'whole',
    }));
    const arity = fc
      .tuple(own, fc.array(anyValue, { maxLength: 3 }))
      .filter(([, args]) => args.length !== 1)
      .map(([event, args]): FuzzMessage => ({ role, event, args, strict: false, kind: 'arity' }));
    const otherEvents = ROLES.flatMap((r) => commandNames(r).map((e) => [r, e] as const)).filter(
      ([, e]) => !events.includes(e),
    );
    const foreign = fc
      .oneof(
        fc.constantFrom(...otherEvents).map(([r, e]) => [e, exampleOf(r, e)] as const),
        fc
          .tuple(fc.oneof(fc.constantFrom(...HOSTILE_EVENTS), hostileKey), anyValue)
          .filter(([e]) => !RESERVED_EVENTS.has(e) && !events.includes(e)),
      )
      .map(([event, payload]): FuzzMessage => ({
        role,
        event,
        args: [payload],
        strict: true,
        kind: 'foreign',
      }));
    return fc.oneof(
      { weight: 10, arbitrary: mutated },
      { weight: 6, arbitrary: good },
      { weight: 2, arbitrary: whole },
      { weight: 1, arbitrary: arity },
      { weight: 1, arbitrary: foreign },
    );
  });
}

/** A short description of a message for failure reports. */
export function describeMessage(m: FuzzMessage): string {
  let payload: string;
  try {
    payload = JSON.stringify(m.args) ?? 'undefined';
  } catch {
    payload = '(not JSON)';
  }
  return `${m.role}/${m.event.slice(0, 40)} [${m.kind}] ${payload.slice(0, 300)}`;
}
