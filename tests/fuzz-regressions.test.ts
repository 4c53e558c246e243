import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  apply,
  initialState,
  parseHallFile,
  parseMessage,
  ROLES,
  serializeState,
} from '@onestop/shared';
import { PROTOCOLS, PROTOCOL_NAMES } from '../apps/window-terminal/src/main/serial/protocols.js';
import { DEMO_HALL, Hub } from '@onestop/hub';
import { engineCommand } from './support/fuzz-engine.js';
import { HubTestHall } from './support/hall.js';
import { errorBody, rawRequest } from './support/hostile-http.js';
import { codeOf, Sender, tryConnect } from './support/hostile-sockets.js';

/*
 * Every failure the fuzz suites found, minimized and kept: one JSON file each in
 * tests/fuzz-regressions/, saying what was found, what fixed it, and the input that showed it.
 */

const DIR = new URL('./fuzz-regressions/', import.meta.url);

const Common = { found: z.string().min(10), fixed: z.string().min(10) };

const Step = z.union([
  z.strictObject({ role: z.literal('restart') }),
  z.strictObject({
    role: z.enum(ROLES),
    event: z.string(),
    payload: z.unknown(),
    expect: z.string(),
  }),
]);

const Regression = z.discriminatedUnion('target', [
  /** Messages through parse and the engine on a real database; `restart` reopens the hub. */
  z.strictObject({
    target: z.literal('hub-steps'),
    ...Common,
    steps: z.array(Step).min(1),
    expectNumbers: z.array(z.string()),
  }),
  /** One message parsed as the hub parses it, then sent over a real socket of that role. */
  z.strictObject({
    target: z.literal('message'),
    ...Common,
    role: z.enum(ROLES),
    event: z.string(),
    payload: z.unknown(),
    expect: z.enum(['invalid_message', 'message_too_large']),
  }),
  /** A Socket.IO handshake to a real hub: refused with `expect`, and the hub still up. */
  z.strictObject({
    target: z.literal('handshake'),
    ...Common,
    namespace: z.string(),
    auth: z.unknown(),
    expect: z.string(),
  }),
  /** A JSON body posted to a real hub. */
  z.strictObject({
    target: z.literal('http'),
    ...Common,
    route: z.string(),
    body: z.string(),
    status: z.int(),
    code: z.string(),
  }),
  /** docs/hall.example.json with one value replaced: refused with the errors named. */
  z.strictObject({
    target: z.literal('config'),
    ...Common,
    path: z.array(z.union([z.string(), z.int()])).min(1),
    value: z.unknown(),
    expect: z.literal('refused'),
  }),
  /** Bytes from a call pad into a decoder, in one read. */
  z.strictObject({
    target: z.literal('serial'),
    ...Common,
    protocol: z.enum(PROTOCOL_NAMES),
    address: z.int().min(0).max(255),
    input: z.strictObject({ repeatHex: z.string().regex(/^([0-9a-f]{2})+$/), bytes: z.int() }),
    expectKeys: z.array(z.string()),
    expectCounters: z.record(z.string(), z.int()),
  }),
]);
type Regression = z.infer<typeof Regression>;

const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

function runHubSteps(r: Extract<Regression, { target: 'hub-steps' }>): void {
  const dir = mkdtempSync(join(tmpdir(), 'onestop-regression-'));
  const dbPath = join(dir, 'hall.sqlite');
  let hub = Hub.open({ dbPath, config: DEMO_HALL });
  const numbers: string[] = [];
  try {
    hub.rollDay();
    for (const step of r.steps) {
      if (step.role === 'restart') {
        hub.close();
        hub = Hub.open({ dbPath });
        continue;
      }
      const parsed = parseMessage(step.role, step.event, step.payload);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe(step.expect);
        continue;
      }
      const value = parsed.value as Record<string, unknown>;
      const command = engineCommand(hub, step.role, step.event, value);
      if (!command) throw new Error(`${step.role}/${step.event} is no engine command`);
      const outcome = hub.execute(
        { kind: 'system' },
        `regression:${step.role}|${step.event}`,
        String(value.commandId),
        command,
      );
      expect([step.event, outcome.ok ? 'OK' : outcome.error.code]).toEqual([
        step.event,
        step.expect,
      ]);
      if (outcome.ok && outcome.result.ticket && command.type === 'issue_ticket')
        numbers.push(outcome.result.ticket.number);
      // The state in memory is always the state the log rebuilds.
      let rebuilt = initialState(hub.config);
      for (const event of hub.store.currentDayEvents()) rebuilt = apply(rebuilt, event);
      const seq = hub.store.lastSeq();
      expect(serializeState(rebuilt, seq, 0)).toEqual(serializeState(hub.current, seq, 0));
    }
    expect(numbers).toEqual(r.expectNumbers);
  } finally {
    hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function runSerial(r: Extract<Regression, { target: 'serial' }>): void {
  const pattern = Buffer.from(r.input.repeatHex, 'hex');
  const bytes = new Uint8Array(r.input.bytes).map((_, i) => pattern[i % pattern.length] ?? 0);
  const decoder = PROTOCOLS[r.protocol].createDecoder(r.address);
  expect(decoder.push(bytes)).toEqual(r.expectKeys);
  expect({ ...decoder.counters }).toEqual(r.expectCounters);
}

let hall: HubTestHall | null = null;
/** A real hub, started by the first regression that needs one. */
async function realHub(): Promise<HubTestHall> {
  hall ??= await HubTestHall.start();
  return hall;
}
afterAll(async () => {
  if (!hall) return;
  hall.server.http.closeAllConnections();
  await hall.close();
});

async function runMessage(r: Extract<Regression, { target: 'message' }>): Promise<void> {
  const parsed = parseMessage(r.role, r.event, r.payload);
  expect(parsed.ok ? 'OK' : parsed.error.code).toBe(r.expect);
  const h = await realHub();
  const token =
    r.role === 'admin' ? await h.login() : await h.pair(DEVICE_KIND[r.role], WINDOW[r.role]);
  const sender = new Sender(h.url, r.role, token);
  try {
    const [answer] = await sender.sendAll([{ event: r.event, args: [r.payload] }]);
    expect(codeOf(answer)).toBe(r.expect);
    expect(await sender.stillAnswers()).toBe(true);
  } finally {
    sender.close();
  }
}

async function runHandshake(r: Extract<Regression, { target: 'handshake' }>): Promise<void> {
  const h = await realHub();
  const result = await tryConnect(h.url, r.namespace, r.auth);
  if (result.ok) result.socket.close();
  expect(result.ok ? 'connected' : result.message).toBe(r.expect);
  expect((await rawRequest(h.url, '/api/health')).status).toBe(200);
}

async function runHttp(r: Extract<Regression, { target: 'http' }>): Promise<void> {
  const h = await realHub();
  const res = await rawRequest(h.url, r.route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: r.body,
  });
  expect([res.status, errorBody(res)?.code]).toEqual([r.status, r.code]);
}

function runConfig(r: Extract<Regression, { target: 'config' }>): void {
  const example = JSON.parse(
    readFileSync(new URL('../docs/hall.example.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  let holder: unknown = example;
  for (const step of r.path.slice(0, -1))
    holder = (holder as Record<string | number, unknown>)[step];
  (holder as Record<string | number, unknown>)[r.path.at(-1) ?? ''] = r.value;
  const parsed = parseHallFile(example);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.errors.length).toBeGreaterThan(0);
}

const DEVICE_KIND = {
  kiosk: 'kiosk',
  window: 'window_terminal',
  rate: 'rating_pad',
  display: 'display',
  admin: 'kiosk',
} as const;
const WINDOW = { kiosk: null, window: 'w1', rate: 'w1', display: null, admin: null } as const;

describe('fuzz regressions', () => {
  it('has regressions, each well-formed', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const parsed = Regression.safeParse(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
      expect([file, parsed.success ? 'ok' : parsed.error.message]).toEqual([file, 'ok']);
    }
  });

  it.each(files)('%s', async (file) => {
    const r = Regression.parse(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
    switch (r.target) {
      case 'hub-steps':
        return runHubSteps(r);
      case 'serial':
        return runSerial(r);
      case 'message':
        return runMessage(r);
      case 'handshake':
        return runHandshake(r);
      case 'http':
        return runHttp(r);
      case 'config':
        return runConfig(r);
    }
  });
});
