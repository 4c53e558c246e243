import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  ERROR_CODES,
  initialState,
  parseMessage,
  ROLES,
  serializeState,
} from '@onestop/shared';
import { type Actor, AdminCommands, DEMO_HALL, Hub, LoginGuard } from '@onestop/hub';
import {
  describeMessage,
  fuzzBudgetMs,
  fuzzMessage,
  fuzzParameters,
  fuzzTimeoutMs,
  replayHint,
  type FuzzMessage,
} from './support/fuzz.js';
import { engineCommand } from './support/fuzz-engine.js';
import { eventsOf, expectedCode } from './support/hostile-payloads.js';
import { scaled } from './support/mode.js';

/*
 * The hub's parse-and-decide path in-process, at volume (a million messages in the long mode):
 * every fuzzed message of every namespace is parsed from `unknown` as the socket layer does;
 * a refusal must carry the code the message deserves and change nothing; a message that passes
 * goes to the engine through Hub.execute (on a real SQLite file), which must accept it or refuse
 * it with a known code — and a refusal leaves the state and the log as they were. Every so often
 * the state in memory is checked against the state rebuilt from the log.
 */

const RUNS = scaled(20_000, 1_000_000);
const TIME_LIMIT_MS = fuzzBudgetMs(60_000);
const LABEL = 'protocol in-process';
const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

let dir: string;
let hub: Hub;
let admin: AdminCommands;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-fuzz-'));
  hub = Hub.open({ dbPath: join(dir, 'hall.sqlite'), config: DEMO_HALL });
  hub.rollDay();
  admin = new AdminCommands(hub, new LoginGuard());
});

afterAll(() => {
  hub.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Read-only admin queries go through the hub's own handlers too. */
function adminQuery(event: string, m: unknown): unknown {
  switch (event) {
    case 'list_devices':
      return admin.listDevices();
    case 'report':
      return admin.report(m as Parameters<AdminCommands['report']>[0]);
    case 'list_complaints':
      return admin.listComplaints(m as Parameters<AdminCommands['listComplaints']>[0]);
    case 'audit':
      return admin.audit(m as Parameters<AdminCommands['audit']>[0]);
    default:
      return undefined;
  }
}

const ACTOR: Actor = { kind: 'system' };

/** The state in memory equals the state rebuilt from the log (the clock left out). */
function memoryMatchesLog(): void {
  let rebuilt = initialState(hub.config);
  for (const event of hub.store.currentDayEvents()) rebuilt = apply(rebuilt, event);
  const seq = hub.store.lastSeq();
  expect(serializeState(rebuilt, seq, 0)).toEqual(serializeState(hub.current, seq, 0));
}

const counts = { total: 0, refused: 0, engine: 0, accepted: 0, queries: 0 };
const byKind = new Map<string, number>();

const seen = new Set<string>();

function check(m: FuzzMessage): void {
  counts.total++;
  seen.add(`${m.role}/${m.event}`);
  byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
  const raw = m.args.length === 1 ? m.args[0] : undefined;
  const seq = hub.store.lastSeq();
  const state = hub.current;
  // The socket layer answers an event the namespace lacks before parsing; parseMessage does too.
  const parsed = parseMessage(m.role, m.event, JSON.parse(JSON.stringify(raw) ?? 'null'));
  const expected = expectedCode(m.role, m.event, m.args, m.strict);
  if (!parsed.ok || m.args.length !== 1) {
    counts.refused++;
    expect(parsed.ok ? 'invalid_message' : parsed.error.code).toBe(expected);
    expect(hub.store.lastSeq()).toBe(seq);
    expect(hub.current).toBe(state);
    return;
  }
  expect(expected).toBeNull();
  if (m.event === 'sync') return;
  const value = parsed.value as Record<string, unknown>;
  if (m.role === 'admin') {
    const answer = adminQuery(m.event, value);
    if (answer !== undefined) {
      counts.queries++;
      const ack = answer as { ok: boolean; error?: { code: string } };
      if (!ack.ok) expect(CODES.has(ack.error?.code ?? '')).toBe(true);
      expect(hub.store.lastSeq()).toBe(seq);
      return;
    }
  }
  const command = engineCommand(hub, m.role, m.event, value);
  if (!command) return;
  counts.engine++;
  const outcome = hub.execute(ACTOR, `fuzz:${m.role}|${m.event}`, String(value.commandId), command);
  if (outcome.ok) {
    counts.accepted++;
    expect(hub.store.lastSeq()).toBe(seq + outcome.events.length);
  } else {
    expect(CODES.has(outcome.error.code)).toBe(true);
    expect(outcome.error.code).not.toBe('store_failed');
    expect(hub.store.lastSeq()).toBe(seq);
    expect(hub.current).toBe(state);
  }
  const dayChanged = outcome.ok && outcome.events.some((e) => e.type.startsWith('day_'));
  if (dayChanged || counts.engine % 2_000 === 0) memoryMatchesLog();
}

describe('fuzzing the parse-and-decide path in-process', () => {
  it(
    `refuses what it must with the right code, changes nothing when it refuses (${RUNS} messages)`,
    () => {
      const day = hub.today();
      try {
        fc.assert(
          fc.property(fuzzMessage(ROLES, day), (m) => {
            try {
              check(m);
            } catch (err) {
              throw new Error(`${describeMessage(m)}\n${String(err)}`);
            }
          }),
          fuzzParameters(LABEL, RUNS, TIME_LIMIT_MS),
        );
      } catch (err) {
        throw new Error(`${replayHint(LABEL)}\n${String(err)}`);
      }
      memoryMatchesLog();
      console.log(
        `${replayHint(LABEL)}: ${counts.total} messages (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}); ${counts.refused} refused by the parser, ${counts.engine} to the engine (${counts.accepted} accepted), ${counts.queries} admin queries`,
      );
      expect(counts.total).toBeGreaterThan(Math.min(RUNS, 1_000));
      // Every event of every namespace was fuzzed.
      const events = ROLES.flatMap((r) => eventsOf(r).map((e) => `${r}/${e}`));
      expect(events.filter((e) => !seen.has(e))).toEqual([]);
      // The generator reaches every layer: the parser's refusals and the engine's both ways.
      expect(counts.refused).toBeGreaterThan(counts.total / 4);
      expect(counts.accepted).toBeGreaterThan(10);
      expect(counts.engine - counts.accepted).toBeGreaterThan(10);
    },
    fuzzTimeoutMs(120_000),
  );
});
