import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  ERROR_CODES,
  LIMITS,
  LoginRequestSchema,
  PairRequestSchema,
  PROTOCOL_VERSION,
  type Role,
} from '@onestop/shared';
import { HubTestHall } from './support/hall.js';
import {
  errorBody,
  PagesHub,
  rawBytesThenHangUp,
  rawRequest,
  type RawResponse,
} from './support/hostile-http.js';
import { barrageFor, exampleOf, hostileValue } from './support/hostile-payloads.js';
import {
  BROKEN_JSON,
  expectTooLarge,
  NOT_JSON,
  traversalsFrom,
  UNPARSEABLE_TARGETS,
} from './support/hostile-http-suite.js';
import { RawSocketIo } from './support/hostile-raw.js';
import {
  codeOf,
  connectRole,
  dumpHall,
  emitAck,
  integrityCheck,
  isErrorAck,
  Sender,
  type HallDump,
} from './support/hostile-sockets.js';

/*
 * Every event of every namespace fed malformed, wrong-typed, oversized and hostile payloads:
 * each gets an error acknowledgement with a code from ERROR_CODES, the hall's data stays as it
 * was, and the hub stays up. Then the same for the HTTP routes.
 */

type Target = 'kiosk' | 'window (logged in)' | 'window (no clerk)' | 'rate' | 'display' | 'admin';
const TARGETS: readonly { name: Target; role: Role }[] = [
  { name: 'kiosk', role: 'kiosk' },
  { name: 'window (logged in)', role: 'window' },
  { name: 'window (no clerk)', role: 'window' },
  { name: 'rate', role: 'rate' },
  { name: 'display', role: 'display' },
  { name: 'admin', role: 'admin' },
];

let hall: HubTestHall;
const tokens = new Map<Target, string>();
const senders: Sender[] = [];
const sockets: Socket[] = [];
const raws: RawSocketIo[] = [];
let before: HallDump;
/** A second kiosk: one paired device has one live connection, so a bystander is another device. */
let bystanderToken = '';
let sentTotal = 0;

/** console.error is where the hub reports a handler that threw or an HTTP 500. */
const errors = vi.spyOn(console, 'error');

function sender(target: Target): Sender {
  const token = tokens.get(target);
  const role = TARGETS.find((t) => t.name === target)?.role;
  if (!token || !role) throw new Error(`no token for ${target}`);
  const s = new Sender(hall.url, role, token);
  senders.push(s);
  return s;
}

function hubFailures(): string[] {
  return errors.mock.calls
    .map((args) => args.map(String).join(' '))
    .filter((line) => line.startsWith('onestop-hub'));
}

beforeAll(async () => {
  hall = await HubTestHall.start();
  tokens.set('kiosk', await hall.pair('kiosk'));
  tokens.set('window (logged in)', await hall.pair('window_terminal', 'w1'));
  tokens.set('window (no clerk)', await hall.pair('window_terminal', 'w2'));
  tokens.set('rate', await hall.pair('rating_pad', 'w1'));
  tokens.set('display', await hall.pair('display'));
  tokens.set('admin', await hall.login());
  bystanderToken = await hall.pair('kiosk');

  // A hall with something to lose: waiting tickets, one done at w1 (rateable), one called at w1.
  const kiosk = await hall.client('kiosk', tokens.get('kiosk') ?? '');
  for (const serviceId of ['biz-open', 'biz-open', 'biz-open', 'hukou']) {
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
    });
    if (!issued.ok) throw new Error(`issue failed: ${issued.error.code}`);
  }
  const w1 = await hall.client('window', tokens.get('window (logged in)') ?? '');
  for (const [event, input] of [
    ['staff_login', { staffCode: 'C01', pin: '1010' }],
    ['open_window', {}],
    ['call_next', {}],
    ['start_serving', {}],
    ['finish', {}],
    ['call_next', {}],
  ] as const) {
    const ack = await w1.command(event, input);
    if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code}`);
  }
  before = dumpHall(hall);
  expect(before.lastSeq).toBeGreaterThan(5);
});

afterEach(() => {
  const failures = hubFailures();
  errors.mockClear(); // so a failure is reported by the test that caused it, and only there
  expect(failures).toEqual([]);
});

afterAll(async () => {
  senders.forEach((s) => s.close());
  sockets.forEach((s) => s.close());
  raws.forEach((r) => r.close());
  hall.server.http.closeAllConnections();
  await hall.close();
  errors.mockRestore();
});

describe('hostile Socket.IO messages', () => {
  it.each(TARGETS.map((t) => t.name))(
    '%s: every event answers each hostile payload with its error ack and changes nothing',
    async (target) => {
      const role = TARGETS.find((t) => t.name === target)?.role ?? 'kiosk';
      const { messages, valid } = barrageFor(role, { whole: 12, mutated: 30 });
      const s = sender(target);
      const answers = await s.sendAll(messages);
      sentTotal += messages.length;

      const wrong = messages
        .map((m, i) => ({ m, answer: answers[i] }))
        .filter(({ m, answer }) => !isErrorAck(answer) || answer.error.code !== m.expected)
        .map(
          ({ m, answer }) =>
            `${m.event.slice(0, 40)} [${m.label}]: expected ${m.expected}, got ${codeOf(answer)}`,
        );
      expect(wrong.slice(0, 20)).toEqual([]);
      expect(messages.length).toBeGreaterThan(100);
      expect(valid).toBeLessThan(messages.length / 10); // the barrage is almost all hostile
      expect(await s.stillAnswers()).toBe(true);
      expect(dumpHall(hall)).toEqual(before);
    },
  );

  it('ignores messages without an acknowledgement, even valid ones, and stays up', async () => {
    const valid: Record<Target, { event: string; args: unknown[] }[]> = {
      kiosk: [
        {
          event: 'issue_ticket',
          args: [
            { commandId: 'noack-0001', itinerary: [{ serviceIds: ['biz-open'] }], class: 'normal' },
          ],
        },
        { event: 'device_status', args: [exampleOf('kiosk', 'device_status')] },
      ],
      'window (logged in)': [
        { event: 'start_serving', args: [{ commandId: 'noack-0002' }] },
        { event: 'put_back', args: [{ commandId: 'noack-0003' }] },
        { event: 'staff_logout', args: [{ commandId: 'noack-0004' }] },
      ],
      'window (no clerk)': [
        {
          event: 'staff_login',
          args: [{ commandId: 'noack-0005', staffCode: 'C02', pin: '1020' }],
        },
      ],
      rate: [{ event: 'device_status', args: [exampleOf('rate', 'device_status')] }],
      display: [{ event: 'device_status', args: [exampleOf('display', 'device_status')] }],
      admin: [
        { event: 'close_day', args: [{ commandId: 'noack-0006' }] },
        {
          event: 'create_device',
          args: [{ commandId: 'noack-0007', kind: 'kiosk', name: 'intruder', windowId: null }],
        },
      ],
    };
    for (const { name, role } of TARGETS) {
      const s = sender(name);
      const hostile = barrageFor(role, { whole: 3, mutated: 5 }).messages;
      await s.sendNoAck([...valid[name], ...hostile, { event: 'sync', args: [] }]);
      sentTotal += valid[name].length + hostile.length + 1;
      expect(await s.stillAnswers()).toBe(true);
    }
    expect(dumpHall(hall)).toEqual(before);
    // The clerk at w1 is still logged in (the staff_logout without an ack was ignored): a call
    // is refused by the engine, not for want of a login.
    const w1 = sender('window (logged in)');
    const [call] = await w1.sendAll([{ event: 'call_next', args: [{ commandId: 'noack-0008' }] }]);
    expect(codeOf(call)).toBe('window_busy');
    expect(dumpHall(hall)).toEqual(before);
  });

  it('answers message_too_large just over maxMessageBytes and parses the message at the limit', async () => {
    const s = sender('kiosk');
    const base = { commandId: 'size-00001', state: 'ok', detail: '' };
    const overhead = Buffer.byteLength(JSON.stringify(base));
    const at = { ...base, detail: 'x'.repeat(LIMITS.maxMessageBytes - overhead) };
    const over = { ...base, detail: 'x'.repeat(LIMITS.maxMessageBytes - overhead + 1) };
    const overByBytes = { ...base, detail: '汉'.repeat(Math.ceil(LIMITS.maxMessageBytes / 3)) };
    expect(Buffer.byteLength(JSON.stringify(at))).toBe(LIMITS.maxMessageBytes);
    const answers = await s.sendAll([
      { event: 'device_status', args: [at] },
      { event: 'device_status', args: [over] },
      { event: 'device_status', args: [overByBytes] },
    ]);
    sentTotal += 3;
    expect(answers.map(codeOf)).toEqual([
      'invalid_message',
      'message_too_large',
      'message_too_large',
    ]);
    expect(dumpHall(hall)).toEqual(before);
  });

  it('closes a connection that sends a frame over maxFrameBytes, and only that one', async () => {
    const token = tokens.get('kiosk') ?? '';
    for (const transports of [['websocket'], ['polling']] as const) {
      const victim = await connectRole(hall.url, 'kiosk', token, { transports: [...transports] });
      const bystander = await connectRole(hall.url, 'kiosk', bystanderToken);
      sockets.push(victim, bystander);
      const disconnected = new Promise<string>((resolve) => victim.once('disconnect', resolve));
      const huge = {
        ...exampleOf('kiosk', 'device_status'),
        detail: 'x'.repeat(LIMITS.maxFrameBytes),
      };
      const answer = await emitAck(victim, 'device_status', [huge], 3_000);
      sentTotal += 1;
      expect(answer).toBe('no_ack');
      expect(await disconnected).toMatch(/transport (close|error)/);
      expect(
        codeOf(await emitAck(bystander, 'sync', [{ lastSeq: hall.hub.store.lastSeq() }])),
      ).toBe('OK');
    }
    expect(dumpHall(hall)).toEqual(before);
  });

  it('survives hand-made Socket.IO frames no client would send', async () => {
    const kioskAuth = { protocolVersion: PROTOCOL_VERSION, token: tokens.get('kiosk') ?? '' };
    const open = async (): Promise<RawSocketIo> => {
      const raw = await RawSocketIo.open(hall.url);
      raws.push(raw);
      expect(await raw.join('/kiosk', kioskAuth)).toMatch(/^40\/kiosk,\{"sid":/);
      return raw;
    };

    // Frames Socket.IO itself rejects: the connection is closed, the hub stays up.
    const broken = [
      '42/kiosk,1[',
      '42/kiosk,2{"lastSeq":0}',
      '42/kiosk,3[{"event":"sync"},{"lastSeq":0}]',
      '42/kiosk,4[null]',
      '42/kiosk,5["disconnect"]',
      '42/kiosk,6["newListener",{"commandId":"abcdefgh"}]',
      '42/kiosk,-7["sync",{"lastSeq":0}]',
      '49/kiosk,8["sync",{"lastSeq":0}]',
      '4x',
      '4999-/kiosk,9["sync",{"_placeholder":true,"num":0}]',
      '4a-/kiosk,10["sync",{"lastSeq":0}]',
      '41/kiosk,"bye"',
      '40/kiosk,"not an object"',
      'garbage',
      '',
    ];
    for (const frame of broken) {
      const raw = await open();
      raw.send(frame);
      expect([frame, await raw.closed(2_000)]).toEqual([frame, expect.any(Number)]);
    }
    // A binary attachment pointing past the buffers sent, and binary data nobody announced.
    {
      const raw = await open();
      raw.send('451-/kiosk,11["sync",{"_placeholder":true,"num":5}]');
      raw.send(Buffer.from([1, 2, 3]));
      expect(await raw.closed(2_000)).not.toBeNull();
      const stray = await open();
      stray.send(Buffer.from('{"lastSeq":0}'));
      expect(await stray.closed(2_000)).not.toBeNull();
    }

    // Frames Socket.IO passes on to the hub: each gets its error acknowledgement.
    const raw = await open();
    const validIssue = {
      commandId: 'raw-issue-01',
      itinerary: [{ serviceIds: ['biz-open'] }],
      class: 'normal',
    };
    const handed: [frame: string, expected: string][] = [
      ['[42,{"commandId":"abcdefgh"}]', 'invalid_message'],
      ['[-1.5]', 'invalid_message'],
      ['["sync"]', 'invalid_message'],
      ['["sync",{"lastSeq":0},{"lastSeq":0}]', 'invalid_message'],
      ['["sync",{"_placeholder":true,"num":0}]', 'invalid_message'],
      ['["sync",{"lastSeq":1e400}]', 'invalid_message'],
      ['["sync",{"lastSeq":-0.0001}]', 'invalid_message'],
      ['["sync",{"lastSeq":9007199254740993}]', 'invalid_message'],
      [
        `["issue_ticket",${JSON.stringify(validIssue).replace('{', '{"__proto__":{"isAdmin":true},')}]`,
        'invalid_message',
      ],
      [
        `["issue_ticket",${JSON.stringify(validIssue).replace('{', '{"constructor":{"prototype":{"isAdmin":true}},')}]`,
        'invalid_message',
      ],
      [
        `["issue_ticket",${JSON.stringify(validIssue).replace('"normal"', '"normal\\u0000"')}]`,
        'invalid_message',
      ],
      [
        `["issue_ticket",${JSON.stringify(validIssue).replace('"biz-open"', '"biz-open","biz-open"')}]`,
        'invalid_message',
      ],
      [`["sync",${'['.repeat(20_000)}${']'.repeat(20_000)}]`, 'message_too_large'],
      [`["sync",${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}]`, 'message_too_large'],
      // Under the size limit but too deep for the hub's JSON.stringify (how deep depends on the
      // stack): either code is a clear refusal.
      [`["sync",${'['.repeat(7_000)}${']'.repeat(7_000)}]`, 'invalid_message|message_too_large'],
    ];
    let id = 100;
    for (const [frame, expected] of handed) {
      raw.send(`42/kiosk,${++id}${frame}`);
      const answer = await raw.ack('/kiosk', id);
      sentTotal += 1;
      const code = codeOf(answer?.[0]);
      expect([frame.slice(0, 60), expected.split('|').includes(code) ? expected : code]).toEqual([
        frame.slice(0, 60),
        expected,
      ]);
    }
    // A bad join is refused and the connection goes on.
    expect(await raw.join('/admin', { protocolVersion: PROTOCOL_VERSION, token: 'guess' })).toMatch(
      /^44\/admin,\{"message":"unauthorized"\}/,
    );
    expect(await raw.join('/nowhere', kioskAuth)).toMatch(/^44\/nowhere,/);
    raw.send('42/kiosk,201["sync",{"lastSeq":0}]');
    expect(codeOf((await raw.ack('/kiosk', 201))?.[0])).toBe('OK');
    // A command for a namespace this connection never joined: dropped, and the connection closed.
    const intruder = await open();
    intruder.send(
      `42/admin,200${JSON.stringify(['create_device', { commandId: 'raw-device-1', kind: 'kiosk', name: 'x', windowId: null }])}`,
    );
    expect(await intruder.closed(2_000)).not.toBeNull();

    expect(Object.prototype).not.toHaveProperty('isAdmin');
    expect(dumpHall(hall)).toEqual(before);
  });
});

describe('hostile HTTP requests', () => {
  const JSON_TYPE = { 'content-type': 'application/json' };
  const ROUTES = [
    '/api/health',
    '/api/pair',
    '/api/login',
    '/api/nope',
    '/api',
    '/api/',
    '/',
    '/kiosk',
    '/admin/x',
    '/nope',
  ];
  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
  const HTTP_CODES: ReadonlySet<string> = new Set([
    ...ERROR_CODES,
    'not_found',
    'method_not_allowed',
  ]);

  /** Never a 500; an error is JSON with a known code; an HTML page has the security headers. */
  function expectSane(res: RawResponse, method: string): void {
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400 && method !== 'HEAD') {
      expect(HTTP_CODES.has(errorBody(res)?.code ?? '')).toBe(true);
    }
  }

  it('answers every route and method with its page, its answer or an error, never a 500', async () => {
    /** The status each route gives each method: the API's routes, then the pages'. */
    const expected = (route: string, method: string): number | readonly number[] => {
      const read = method === 'GET' || method === 'HEAD';
      if (route === '/api/health') return method === 'GET' ? 200 : [404, 405];
      if (route === '/api/pair' || route === '/api/login')
        return method === 'POST' ? 400 : [404, 405];
      if (route.startsWith('/api/')) return [404, 405];
      if (!read) return 405;
      return route === '/api' || route === '/nope' ? 404 : 200;
    };
    for (const route of ROUTES) {
      for (const method of METHODS) {
        const res = await rawRequest(hall.url, route, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: '{}' } : {}),
        });
        expectSane(res, method);
        const want = expected(route, method);
        const ok = typeof want === 'number' ? res.status === want : want.includes(res.status);
        expect([route, method, res.status, ok]).toEqual([route, method, res.status, true]);
      }
    }
  });

  it('answers request targets no URL parser takes with 400, never a 500', async () => {
    for (const target of UNPARSEABLE_TARGETS) {
      for (const method of ['GET', 'POST']) {
        const res = await rawRequest(hall.url, target, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{}' } : {}),
        });
        expect([target, method, res.status >= 400 && res.status < 500]).toEqual([
          target,
          method,
          true,
        ]);
        // Node refuses some targets itself, with an empty body; the hub answers in JSON.
        if (res.body !== '') expect(HTTP_CODES.has(errorBody(res)?.code ?? '')).toBe(true);
      }
    }
  });

  it('refuses wrong content types, broken JSON and oversized bodies with clear errors', async () => {
    const cases: (readonly [
      headers: Record<string, string>,
      body: string,
      status: number,
      code: string,
    ])[] = [
      ...NOT_JSON.map(([headers, body]) => [headers, body, 415, 'invalid_message'] as const),
      ...BROKEN_JSON.map((body) => [JSON_TYPE, body, 400, 'invalid_message'] as const),
      [{ 'content-type': 'application/json' }, 'null', 400, 'invalid_message'],
      [{ 'content-type': 'application/json' }, '[]', 400, 'invalid_message'],
      [{ 'content-type': 'application/json' }, '"ABCD2345"', 400, 'invalid_message'],
      [{ 'content-type': 'application/json' }, '{"code":12345678}', 400, 'invalid_message'],
      [
        { 'content-type': 'application/json' },
        '{"code":"ABCD2345","extra":1}',
        400,
        'invalid_message',
      ],
      [
        { 'content-type': 'application/json' },
        '{"code":"ABCD2345","__proto__":{"x":1}}',
        400,
        'invalid_message',
      ],
      [
        { 'content-type': 'application/json' },
        '{"code":"../../etc/passwd"}',
        400,
        'invalid_message',
      ],
      [{ 'content-type': 'application/json' }, '{"code":"ABCD2345"}', 400, 'unauthorized'],
      [
        { 'content-type': 'application/json; charset=utf-8' },
        '{"code":"ABCD2345"}',
        400,
        'unauthorized',
      ],
    ];
    for (const [headers, body, status, code] of cases) {
      const res = await rawRequest(hall.url, '/api/pair', { method: 'POST', headers, body });
      expect([body, res.status, errorBody(res)?.code]).toEqual([body, status, code]);
    }
    for (const route of ['/api/pair', '/api/login']) {
      await expectTooLarge(hall.url, route, [
        LIMITS.maxMessageBytes + 1,
        LIMITS.maxFrameBytes + 1,
        1_000_000,
      ]);
    }
  });

  it('shrugs off clients that hang up in the middle of a body', async () => {
    const head = (framing: string) =>
      `POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`;
    await rawBytesThenHangUp(hall.url, `${head('Content-Length: 100')}{"staffCode":`, 50);
    await rawBytesThenHangUp(hall.url, `${head('Transfer-Encoding: chunked')}5\r\n{"sta\r\n`, 50);
    await rawBytesThenHangUp(hall.url, 'POST /api/pair HTTP/1.1\r\nHost: 127.0.0.1\r\nCont', 50);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await rawRequest(hall.url, '/api/health')).status).toBe(200);
    // afterEach: and nothing was logged as a failure of the hub.
  });

  it('answers fuzzed pairing and login bodies with 400 or 401, never a token', async () => {
    const bodies = (base: Record<string, unknown>, seed: number) =>
      fc.sample(
        fc.oneof(
          hostileValue,
          fc
            .tuple(fc.constantFrom(...Object.keys(base)), hostileValue)
            .map(([key, value]) => ({ ...base, [key]: value })),
          fc.tuple(fc.string(), hostileValue).map(([key, value]) => ({ ...base, [key]: value })),
        ),
        { seed, numRuns: 120 },
      );
    const json = { 'content-type': 'application/json' };
    for (const [route, base, schema, refusal] of [
      ['/api/pair', { code: 'ABCD2345' }, PairRequestSchema, [400, 'unauthorized']],
      [
        '/api/login',
        { staffCode: 'NOBODY', pin: '0000' },
        LoginRequestSchema,
        [401, 'login_failed'],
      ],
    ] as const) {
      for (const value of bodies(base, route === '/api/pair' ? 11 : 12)) {
        const body = JSON.stringify(value) ?? 'undefined';
        const res = await rawRequest(hall.url, route, { method: 'POST', headers: json, body });
        const valid = schema.safeParse(
          JSON.parse(JSON.stringify(value ?? null)) as unknown,
        ).success;
        const expected = valid ? refusal : [400, 'invalid_message'];
        expect([body.slice(0, 80), res.status, errorBody(res)?.code]).toEqual([
          body.slice(0, 80),
          ...expected,
        ]);
      }
    }
    expect(dumpHall(hall)).toEqual(before);
  });

  it('never serves a file outside the pages folder, and sets the security headers', async () => {
    const pages = await PagesHub.start();
    try {
      const traversals = traversalsFrom('/kiosk');
      for (const target of traversals) {
        const res = await rawRequest(pages.url, target);
        expect([target, res.status < 500]).toEqual([target, true]);
        expect(res.body).not.toContain(pages.secret);
        expect(res.body).not.toMatch(/root:.*:0:0:/);
        // A page's index (the app routes in the browser), or the hub's home page.
        if (res.status === 200) expect(res.body).toMatch(/<title>(\w+ index|OneStop)<\/title>/);
        else expect([target, res.status, errorBody(res)?.code]).toEqual([target, 404, 'not_found']);
      }
      // What should be served is.
      expect((await rawRequest(pages.url, '/kiosk/assets/app.js')).body).toBe(
        'console.log("kiosk");',
      );
      for (const [url, target] of [
        [pages.url, '/kiosk'],
        [pages.url, '/kiosk/assets/app.js'],
        [pages.url, '/admin/some/route'],
        [hall.url, '/'],
        [hall.url, '/display'],
        [hall.url, '/api/health'],
        [hall.url, '/nope'],
      ] as const) {
        const res = await rawRequest(url, target);
        expect([target, res.headers['content-security-policy']]).toEqual([
          target,
          expect.stringContaining("default-src 'self'"),
        ]);
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).toContain("object-src 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
    } finally {
      await pages.close();
    }
  });
});

describe('after the barrage', () => {
  it('has its data intact, a sound database, a health answer and working commands', async () => {
    expect(sentTotal).toBeGreaterThan(1_500);
    expect(dumpHall(hall)).toEqual(before);
    expect(integrityCheck(hall)).toEqual([{ integrity_check: 'ok' }]);
    const health = await fetch(`${hall.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', dayStatus: 'open' });

    const kiosk = sender('kiosk');
    const [issued] = await kiosk.sendAll([
      {
        event: 'issue_ticket',
        args: [
          { commandId: 'after-0001', itinerary: [{ serviceIds: ['biz-open'] }], class: 'normal' },
        ],
      },
    ]);
    expect(codeOf(issued)).toBe('OK');
    const window = sender('window (logged in)');
    const [started] = await window.sendAll([
      { event: 'start_serving', args: [{ commandId: 'after-0002' }] },
    ]);
    expect(codeOf(started)).toBe('OK');
    expect(hall.hub.store.lastSeq()).toBe(before.lastSeq + 2);
  });
});
