import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  apply,
  initialState,
  PROTOCOL_VERSION,
  ROLES,
  serializeState,
  type Role,
} from '@onestop/shared';
import { HubTestHall } from './support/hall.js';
import {
  describeMessage,
  fuzzMessage,
  replayHint,
  seedFor,
  type FuzzMessage,
  fuzzTimeoutMs,
} from './support/fuzz.js';
import { rawRequest } from './support/hostile-http.js';
import { anyValue, expectedCode } from './support/hostile-payloads.js';
import { RawSocketIo } from './support/hostile-raw.js';
import { codeOf, dumpHall, integrityCheck, isErrorAck, Sender } from './support/hostile-sockets.js';
import { scaled } from './support/mode.js';

/*
 * The share of the fuzz that goes over real sockets (the bulk runs in-process in
 * fuzz-protocol.test.ts): fuzzed messages of every namespace sent by real Socket.IO clients, and
 * fuzzed raw Engine.IO / Socket.IO frames no client would send. Every message is answered with
 * an acknowledgement (an error one with a known code when refused); refused ones leave the hall's
 * database and memory as they were; the hub keeps answering and its log stays sound.
 */

const MESSAGES = scaled(3_000, 50_000);
const FRAMES = scaled(500, 10_000);

let hall: HubTestHall;
const tokens = new Map<Role, string>();
const senders: Sender[] = [];
const raws: RawSocketIo[] = [];
const errors = vi.spyOn(console, 'error');

beforeAll(async () => {
  hall = await HubTestHall.start();
  tokens.set('kiosk', await hall.pair('kiosk'));
  tokens.set('window', await hall.pair('window_terminal', 'w1'));
  tokens.set('rate', await hall.pair('rating_pad', 'w1'));
  tokens.set('display', await hall.pair('display'));
  tokens.set('admin', await hall.login());
  // Something to work on: tickets waiting, a clerk at w1 with the window open.
  const kiosk = await hall.client('kiosk', tokens.get('kiosk') ?? '');
  for (const serviceId of ['biz-open', 'biz-open', 'hukou', 'tax']) {
    const ack = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
    });
    if (!ack.ok) throw new Error(ack.error.code);
  }
  const w1 = await hall.client('window', tokens.get('window') ?? '');
  for (const [event, input] of [
    ['staff_login', { staffCode: 'C01', pin: '1010' }],
    ['open_window', {}],
  ] as const) {
    const ack = await w1.command(event, input);
    if (!ack.ok) throw new Error(`${event}: ${ack.error.code}`);
  }
});

afterEach(() => {
  const failures = errors.mock.calls
    .map((args) => args.map(String).join(' '))
    .filter((line) => line.startsWith('onestop-hub'));
  errors.mockClear();
  expect(failures).toEqual([]);
});

afterAll(async () => {
  senders.forEach((s) => s.close());
  raws.forEach((r) => r.close());
  hall.server.http.closeAllConnections();
  await hall.close();
  errors.mockRestore();
});

function sender(role: Role): Sender {
  const s = new Sender(hall.url, role, tokens.get(role) ?? '');
  senders.push(s);
  return s;
}

/** The hub's state in memory equals the state folded from its log. */
function memoryMatchesLog(): void {
  let rebuilt = initialState(hall.hub.config);
  for (const event of hall.hub.store.currentDayEvents()) rebuilt = apply(rebuilt, event);
  const seq = hall.hub.store.lastSeq();
  expect(serializeState(rebuilt, seq, 0)).toEqual(serializeState(hall.hub.current, seq, 0));
}

describe('fuzzed messages over real sockets', () => {
  it(
    `answers ${MESSAGES} fuzzed messages, each refusal with its code and no change`,
    async () => {
      const label = 'sockets messages';
      const sample: FuzzMessage[] = fc.sample(fuzzMessage(ROLES, hall.hub.today()), {
        seed: seedFor(label),
        numRuns: MESSAGES,
      });
      let refused = 0;
      let accepted = 0;
      for (const role of ROLES) {
        const mine = sample.filter((m) => m.role === role);
        const hostile = mine
          .map((m) => ({ m, expected: expectedCode(role, m.event, m.args, m.strict) }))
          .filter(
            (x): x is { m: FuzzMessage; expected: 'invalid_message' | 'message_too_large' } =>
              x.expected !== null,
          );
        const valid = mine.filter((m) => expectedCode(role, m.event, m.args, m.strict) === null);

        // What must be refused: the right code, and nothing changes.
        const before = dumpHall(hall);
        const s = sender(role);
        const answers = await s.sendAll(hostile.map((x) => ({ event: x.m.event, args: x.m.args })));
        const wrong = hostile
          .map((x, i) => ({ ...x, got: codeOf(answers[i]) }))
          .filter((x) => x.got !== x.expected)
          .map((x) => `${describeMessage(x.m)}: expected ${x.expected}, got ${x.got}`);
        expect([replayHint(label), ...wrong.slice(0, 10)]).toEqual([replayHint(label)]);
        expect(dumpHall(hall)).toEqual(before);
        refused += hostile.length;

        // What passes the schema: an answer, success or a refusal with a known code.
        const validAnswers = await s.sendAll(valid.map((m) => ({ event: m.event, args: m.args })));
        const unanswered = valid
          .map((m, i) => ({ m, answer: validAnswers[i] }))
          .filter(({ answer }) => codeOf(answer) !== 'OK' && !isErrorAck(answer))
          .map(({ m, answer }) => `${describeMessage(m)}: ${codeOf(answer)}`);
        expect([replayHint(label), ...unanswered.slice(0, 10)]).toEqual([replayHint(label)]);
        accepted += validAnswers.filter((a) => codeOf(a) === 'OK').length;
        expect(await s.stillAnswers()).toBe(true);
      }
      memoryMatchesLog();
      expect(integrityCheck(hall)).toEqual([{ integrity_check: 'ok' }]);
      console.log(
        `${replayHint(label)}: ${sample.length} messages, ${refused} refused by the parser, ${accepted} accepted`,
      );
      expect(refused).toBeGreaterThan(sample.length / 3);
      expect(accepted).toBeGreaterThan(0);
    },
    fuzzTimeoutMs(300_000),
  );
});

// ---- raw frames -------------------------------------------------------------------------------

const NAMESPACES = [
  '/kiosk',
  '/admin',
  '/window',
  '/',
  '/nowhere',
  '/kiosk/../admin',
  '/%2e%2e/admin',
  '/KIOSK',
  '/kiosk\u0000',
  `/${'k'.repeat(5_000)}`,
  '/__proto__',
];
const ACK_IDS = ['', '1', '0', '-1', '007', '1e3', '99999999999999999999999', '9'.repeat(400), 'x'];

/** One frame as a string: an Engine.IO packet type, maybe a Socket.IO packet, anything after. */
const frame: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          '40',
          '41',
          '42',
          '43',
          '44',
          '45',
          '46',
          '47',
          '4',
          '4-1',
          '451-',
          '49999-',
        ),
        fc.option(fc.constantFrom(...NAMESPACES), { nil: '' }),
        fc.constantFrom(...ACK_IDS),
        fc.oneof(
          anyValue.map((v) => JSON.stringify(v) ?? ''),
          fc
            .tuple(
              fc.constantFrom('sync', 'issue_ticket', 'call_next', 'create_device', '__proto__'),
              anyValue,
            )
            .map((a) => JSON.stringify(a)),
          fc.string({ maxLength: 50 }),
        ),
      )
      .map(([type, nsp, id, data]) => `${type}${nsp}${nsp ? ',' : ''}${id}${data}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('0', '1', '2', '3', '5', '6', '7', '8', '9', 'b', ''),
        fc.string({ maxLength: 40 }),
      )
      .map(([t, rest]) => `${t}${rest}`),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

describe('fuzzed Engine.IO and Socket.IO frames', () => {
  it(
    `survives ${FRAMES} fuzzed frames: the hall unchanged, the hub answering`,
    async () => {
      const label = 'sockets raw frames';
      const frames = fc.sample(frame, { seed: seedFor(label), numRuns: FRAMES });
      const auth = { protocolVersion: PROTOCOL_VERSION, token: tokens.get('kiosk') ?? '' };
      const before = dumpHall(hall);
      let raw: RawSocketIo | null = null;
      let connections = 0;
      let probes = 0;
      let closed = 0;
      for (const f of frames) {
        if (!raw || raw.closeCode !== null) {
          raw = await RawSocketIo.open(hall.url);
          raws.push(raw);
          connections++;
          expect(await raw.join('/kiosk', auth)).toMatch(/^40\/kiosk,/);
        }
        raw.send(f);
        // A sync right behind it: answered if the connection lived through the frame (frames are
        // handled in order), else the connection was closed and the next frame gets a new one.
        raw.send(`42/kiosk,${++probes}["sync",{"lastSeq":0}]`);
        const answer = await raw.ack('/kiosk', probes);
        if (answer === null) closed++;
        else expect([f.slice(0, 80), codeOf(answer[0])]).toEqual([f.slice(0, 80), 'OK']);
      }
      // Let the last frames arrive, then ask over a fresh connection.
      const probe = await RawSocketIo.open(hall.url);
      raws.push(probe);
      expect(await probe.join('/kiosk', auth)).toMatch(/^40\/kiosk,/);
      probe.send('42/kiosk,1["sync",{"lastSeq":0}]');
      expect(codeOf((await probe.ack('/kiosk', 1))?.[0])).toBe('OK');
      expect(dumpHall(hall)).toEqual(before);
      expect(Object.prototype).not.toHaveProperty('isAdmin');
      console.log(
        `${replayHint(label)}: ${frames.length} frames over ${connections} connections (${closed} frames closed theirs)`,
      );
    },
    fuzzTimeoutMs(300_000),
  );

  it('refuses Engine.IO handshakes and upgrades it does not speak, and stays up', async () => {
    const base = '/socket.io/?EIO=4&transport=polling';
    // Handshakes of other versions, transports or shapes: a 400, never a 500 or a session.
    for (const query of [
      '/socket.io/?EIO=3&transport=polling',
      '/socket.io/?EIO=5&transport=polling',
      '/socket.io/?EIO=x&transport=polling',
      '/socket.io/?EIO=4&transport=flashsocket',
      '/socket.io/?EIO=4&transport=',
      '/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA',
      '/socket.io/?EIO=4&transport=polling&sid=../../etc/passwd',
      `/socket.io/?EIO=4&transport=polling&sid=${'A'.repeat(10_000)}`,
      '/socket.io/?EIO=4&transport=websocket', // a plain GET asking for a WebSocket
    ]) {
      const res = await rawRequest(hall.url, query);
      expect([query.slice(0, 80), res.status >= 400 && res.status < 500]).toEqual([
        query.slice(0, 80),
        true,
      ]);
      expect(res.body).not.toContain('"sid"');
    }
    // A polling session: bodies too large, packets of nonsense, a second GET at once.
    const open = await rawRequest(hall.url, base);
    expect(open.status).toBe(200);
    const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
    const url = `${base}&sid=${sid}`;
    for (const body of ['', '9', '40/kiosk,{"token":1}\u001e4x', 'x'.repeat(70_000)]) {
      const res = await rawRequest(hall.url, url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body,
      });
      expect(res.status).toBeLessThan(500);
    }
    // An upgrade to WebSocket with another session's id, a made-up one, and a second probe.
    for (const bad of ['AAAAAAAAAAAAAAAAAAAA', `${sid}x`, '']) {
      const ws = new WebSocket(
        `${hall.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket&sid=${bad}`,
      );
      const outcome = await new Promise<string>((resolve) => {
        ws.once('unexpected-response', (_req, res) => resolve(`http ${res.statusCode ?? 0}`));
        ws.once('error', () => resolve('error'));
        ws.once('open', () => {
          ws.send('2probe');
          ws.send('2probe');
          ws.send('5');
          ws.send('5');
          setTimeout(() => resolve('open'), 100);
        });
      });
      ws.terminate();
      expect(['http 400', 'error', 'open']).toContain(outcome);
    }
    const health = await rawRequest(hall.url, '/api/health');
    expect(health.status).toBe(200);
  });
});
