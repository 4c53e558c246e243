import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  commandNames,
  COMMAND_SCHEMAS,
  NAMESPACES,
  PROTOCOL_VERSION,
  ROLES,
  type DeviceKind,
  type LoginResponse,
  type PairResponse,
  type Role,
} from '@onestop/shared';
import { createDevice, LOGIN_POLICY, PAIRING_CODE_MS, RATE_BURST } from '@onestop/hub';
import { FakeClock, HubTestHall } from './support/hall.js';
import { rawRequest } from './support/hostile-http.js';
import { exampleOf } from './support/hostile-payloads.js';
import { RawSocketIo } from './support/hostile-raw.js';
import {
  codeOf,
  connectRole,
  dumpHall,
  emitAck,
  tryConnect,
  type HallDump,
} from './support/hostile-sockets.js';

/*
 * Who may do what: the handshake, the role of each namespace, the window a device is bound to,
 * the staff role of an admin session, pairing, PIN lockout, the Origin check and the rate limit.
 * Every refusal leaves the hall as it was.
 */

const sockets: Socket[] = [];
let hall: HubTestHall;

/** console.error is where the hub reports a handler that threw or an HTTP 500. */
const errors = vi.spyOn(console, 'error');
afterAll(() => {
  errors.mockRestore();
});

afterEach(() => {
  sockets.splice(0).forEach((s) => s.close());
  const failures = errors.mock.calls
    .map((args) => args.map(String).join(' '))
    .filter((line) => line.startsWith('onestop-hub'));
  errors.mockClear();
  expect(failures).toEqual([]);
});

async function connect(role: Role, token: string): Promise<Socket> {
  const socket = await connectRole(hall.url, role, token);
  sockets.push(socket);
  return socket;
}

/** Sends one message and returns the answer's code ('OK' for a success). */
async function send(socket: Socket, event: string, payload: unknown): Promise<string> {
  return codeOf(await emitAck(socket, event, [payload]));
}

let seq = 0;
const cid = (label: string): string => `${label}-${String(++seq).padStart(6, '0')}`;

/** A device registered and paired over HTTP, with its id. */
async function pairDevice(
  h: HubTestHall,
  kind: DeviceKind,
  windowId: string | null = null,
): Promise<PairResponse> {
  const { pairingCode } = createDevice(
    h.hub.store,
    h.hub.config,
    { kind, name: kind, windowId },
    h.hub.now(),
  );
  const res = await h.post<PairResponse>('/api/pair', { code: pairingCode });
  if (res.status !== 200) throw new Error(`pairing failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function closeHall(h: HubTestHall): Promise<void> {
  h.server.http.closeAllConnections();
  await h.close();
}

describe('with the real clock', () => {
  let before: HallDump;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    hall = await HubTestHall.start();
    tokens.set('kiosk', await hall.pair('kiosk'));
    // A second kiosk: a paired device has one live connection, so a neighbour is another device.
    tokens.set('kiosk 2', await hall.pair('kiosk'));
    tokens.set('window', await hall.pair('window_terminal', 'w1'));
    tokens.set('rate', await hall.pair('rating_pad', 'w1'));
    tokens.set('display', await hall.pair('display'));
    tokens.set('admin', await hall.login('ADMIN', '8642'));
    tokens.set('supervisor', await hall.login('S01', '2468'));
    before = dumpHall(hall);
  });
  afterAll(async () => {
    await closeHall(hall);
  });

  describe('the handshake', () => {
    it('refuses no token, a wrong token and malformed auth in every namespace', async () => {
      const bad: unknown[] = [
        { protocolVersion: PROTOCOL_VERSION },
        { protocolVersion: PROTOCOL_VERSION, token: '' },
        { protocolVersion: PROTOCOL_VERSION, token: 'x'.repeat(43) },
        { protocolVersion: PROTOCOL_VERSION, token: 'x'.repeat(257) },
        { protocolVersion: PROTOCOL_VERSION, token: 12345 },
        { protocolVersion: PROTOCOL_VERSION, token: null },
        { protocolVersion: PROTOCOL_VERSION, token: ['a'] },
        { protocolVersion: PROTOCOL_VERSION, token: tokens.get('kiosk'), role: 'admin' },
        { protocolVersion: PROTOCOL_VERSION, token: `${tokens.get('kiosk') ?? ''} ` },
        { protocolVersion: PROTOCOL_VERSION, token: "' OR 1=1 --" },
      ];
      for (const role of ROLES) {
        for (const auth of bad) {
          const result = await tryConnect(hall.url, NAMESPACES[role], auth);
          expect([role, auth, result.ok ? 'connected' : result.message]).toEqual([
            role,
            auth,
            'unauthorized',
          ]);
        }
      }
      expect(dumpHall(hall)).toEqual(before);
    });

    it('refuses another protocol version with protocol_mismatch, whatever the token', async () => {
      for (const protocolVersion of [0, PROTOCOL_VERSION + 1, -1, 1.5, '1', null, [1], undefined]) {
        for (const role of ROLES) {
          const result = await tryConnect(hall.url, NAMESPACES[role], {
            protocolVersion,
            token: tokens.get(role) ?? 'x',
          });
          expect([role, protocolVersion, result.ok ? 'connected' : result.message]).toEqual([
            role,
            protocolVersion,
            'protocol_mismatch',
          ]);
        }
      }
      const noAuth = await tryConnect(hall.url, NAMESPACES.kiosk, undefined);
      expect(noAuth.ok ? 'connected' : noAuth.message).toBe('protocol_mismatch');
    });

    it('takes a token only in its own namespace', async () => {
      const home: Record<string, Role> = {
        kiosk: 'kiosk',
        'kiosk 2': 'kiosk',
        window: 'window',
        rate: 'rate',
        display: 'display',
        admin: 'admin',
        supervisor: 'admin',
      };
      for (const [holder, token] of tokens) {
        for (const role of ROLES) {
          const result = await tryConnect(hall.url, NAMESPACES[role], {
            protocolVersion: PROTOCOL_VERSION,
            token,
          });
          if (result.ok) result.socket.close();
          expect([holder, role, result.ok ? 'connected' : result.message]).toEqual([
            holder,
            role,
            home[holder] === role ? 'connected' : 'unauthorized',
          ]);
        }
      }
    });

    it('refuses a clerk on /admin even with a session token (made here by hand)', async () => {
      const { token } = hall.server.sessions.create({
        code: 'C01',
        name: 'clerk',
        role: 'clerk',
        active: true,
      });
      const result = await tryConnect(hall.url, '/admin', {
        protocolVersion: PROTOCOL_VERSION,
        token,
      });
      expect(result.ok ? 'connected' : result.message).toBe('unauthorized');
    });

    it('refuses a handshake from another site (a foreign Origin)', async () => {
      const auth = { protocolVersion: PROTOCOL_VERSION, token: tokens.get('kiosk') ?? '' };
      const { port } = new URL(hall.url);
      const foreign = [
        'http://evil.example',
        'null',
        `http://127.0.0.1:${Number(port) + 1}`,
        `http://127.0.0.1:${port}@evil.example`,
        `http://127.0.0.1:${port}.evil.example`,
        'not a url',
      ];
      for (const origin of foreign) {
        for (const transports of [['websocket'], ['polling']]) {
          const result = await tryConnect(hall.url, '/kiosk', auth, {
            transports,
            extraHeaders: { origin },
          });
          if (result.ok) result.socket.close();
          expect([origin, transports, result.ok]).toEqual([origin, transports, false]);
        }
        await expect(RawSocketIo.open(hall.url, { origin })).rejects.toThrow(/HTTP 4\d\d/);
        const poll = await rawRequest(hall.url, '/socket.io/?EIO=4&transport=polling', {
          headers: { origin },
        });
        expect([origin, poll.status]).toEqual([origin, 403]);
        expect(poll.body).not.toContain('"sid"');
      }
      // The hub's own pages (same origin) and clients that send no Origin (devices) connect.
      for (const extraHeaders of [{ origin: `http://127.0.0.1:${port}` }, {}]) {
        const result = await tryConnect(hall.url, '/kiosk', auth, { extraHeaders });
        expect(result.ok).toBe(true);
        if (result.ok) result.socket.close();
      }
    });
  });

  describe('roles', () => {
    it('refuses create_device to a supervisor (forbidden) and allows it to an admin', async () => {
      const supervisor = await connect('admin', tokens.get('supervisor') ?? '');
      const message = { kind: 'kiosk', name: 'Kiosk 9', windowId: null };
      const devices = hall.hub.store.listDevices().length;
      expect(await send(supervisor, 'create_device', { commandId: cid('sup'), ...message })).toBe(
        'forbidden',
      );
      expect(
        await send(supervisor, 'create_device', {
          commandId: cid('sup'),
          ...message,
          role: 'admin',
        }),
      ).toBe('invalid_message');
      expect(hall.hub.store.listDevices()).toHaveLength(devices);
      expect(dumpHall(hall)).toEqual(before);

      const admin = await connect('admin', tokens.get('admin') ?? '');
      expect(await send(admin, 'create_device', { commandId: cid('adm'), ...message })).toBe('OK');
      expect(hall.hub.store.listDevices()).toHaveLength(devices + 1);
      before = dumpHall(hall);
    });

    it('gives a clerk no admin session', async () => {
      const res = await rawRequest(hall.url, '/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ staffCode: 'C01', pin: '1010' }),
      });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'forbidden' } });
      expect(res.body).not.toContain('token');
      before = dumpHall(hall); // a right PIN clears the clerk's failed attempts: that changed
    });

    it('gives no role the events of another', async () => {
      const own = (role: Role) => new Set<string>(commandNames(role));
      const kiosk = await connect('kiosk', tokens.get('kiosk') ?? '');
      const window = await connect('window', tokens.get('window') ?? '');
      const rate = await connect('rate', tokens.get('rate') ?? '');
      const display = await connect('display', tokens.get('display') ?? '');
      const admin = await connect('admin', tokens.get('admin') ?? '');
      const byRole: Record<Role, Socket> = { kiosk, window, rate, display, admin };
      let tried = 0;
      for (const role of ROLES) {
        for (const other of ROLES) {
          for (const event of commandNames(other)) {
            if (own(role).has(event)) continue;
            const answer = await send(byRole[role], event, {
              ...exampleOf(other, event),
              commandId: cid('x'),
            });
            expect([role, event, answer]).toEqual([role, event, 'invalid_message']);
            tried++;
          }
        }
      }
      expect(tried).toBeGreaterThan(60);
      // The ones the issue names: a kiosk cannot call or transfer, a display cannot issue.
      expect(await send(kiosk, 'call_next', { commandId: cid('k') })).toBe('invalid_message');
      expect(await send(display, 'issue_ticket', exampleOf('kiosk', 'issue_ticket'))).toBe(
        'invalid_message',
      );
      expect(dumpHall(hall)).toEqual(before);
    });
  });

  describe('the rate limit', () => {
    it('answers a burst from one socket with rate_limited, the rest as usual', async () => {
      const flooder = await connect('kiosk', tokens.get('kiosk') ?? '');
      const neighbour = await connect('kiosk', tokens.get('kiosk 2') ?? '');
      const issued = hall.hub.current.issuedCount;
      const seqBefore = hall.hub.store.lastSeq();
      const issue = () => ({
        commandId: cid('flood'),
        itinerary: [{ serviceIds: ['invoice'] }],
        class: 'normal',
      });
      // A burst of cheap messages (no commit, so no time for the bucket to refill), then
      // commands right behind it, all without waiting; the neighbour meanwhile is served.
      const total = RATE_BURST * 3;
      const [flood, commands, calm] = await Promise.all([
        Promise.all(
          Array.from({ length: total }, () =>
            emitAck(flooder, 'sync', [{ lastSeq: seqBefore }], 20_000),
          ),
        ),
        Promise.all(
          Array.from({ length: 20 }, () => emitAck(flooder, 'issue_ticket', [issue()], 20_000)),
        ),
        Promise.all(
          Array.from({ length: 10 }, () => emitAck(neighbour, 'issue_ticket', [issue()], 20_000)),
        ),
      ]);
      const codes = flood.map(codeOf);
      const limited = codes.filter((c) => c === 'rate_limited').length;
      expect(codes.filter((c) => c === 'OK').length + limited).toBe(total);
      expect(limited).toBeGreaterThan(0);
      expect(limited).toBeLessThanOrEqual(total - RATE_BURST);
      expect(calm.map(codeOf)).toEqual(Array.from({ length: 10 }, () => 'OK'));
      // The flooder's commands were each either done or refused, and exactly the done ones happened.
      const accepted = commands.map(codeOf).filter((c) => c === 'OK').length;
      expect(commands.map(codeOf).every((c) => c === 'OK' || c === 'rate_limited')).toBe(true);
      expect(hall.hub.current.issuedCount).toBe(issued + accepted + 10);
      expect(hall.hub.store.lastSeq()).toBe(seqBefore + accepted + 10);
      before = dumpHall(hall);
    });
  });
});

describe('pairing, lockout and windows, on a clock the test moves', () => {
  const clock = new FakeClock(Date.UTC(2025, 2, 14, 2, 0)); // 10:00 in the hall (Asia/Shanghai)
  beforeAll(async () => {
    hall = await HubTestHall.start({ now: clock.now });
  });
  afterAll(async () => {
    await closeHall(hall);
  });

  it("refuses a revoked device's token, and will not pair it again", async () => {
    const device = await pairDevice(hall, 'kiosk');
    const auth = { protocolVersion: PROTOCOL_VERSION, token: device.token };
    const first = await tryConnect(hall.url, '/kiosk', auth);
    expect(first.ok).toBe(true);
    if (first.ok) first.socket.close();
    expect(hall.hub.store.revokeDevice(device.deviceId, clock.now())).toBe(true);
    const after = await tryConnect(hall.url, '/kiosk', auth);
    expect(after.ok ? 'connected' : after.message).toBe('unauthorized');
    expect(() =>
      createDevice(
        hall.hub.store,
        hall.hub.config,
        { kind: 'kiosk', name: 'k', windowId: null },
        clock.now(),
        device.deviceId,
      ),
    ).toThrow(/revoked/);
  });

  it('needs a clerk logged in at the terminal for every window command', async () => {
    const terminal = await connect(
      'window',
      (await pairDevice(hall, 'window_terminal', 'w3')).token,
    );
    const before = dumpHall(hall);
    const table: Readonly<Record<string, { requires: string }>> = COMMAND_SCHEMAS.window;
    const guarded = commandNames('window').filter((e) => table[e]?.requires === 'staff_login');
    expect(guarded).toHaveLength(19);
    for (const event of guarded) {
      expect([event, await send(terminal, event, exampleOf('window', event))]).toEqual([
        event,
        'not_logged_in',
      ]);
    }
    expect(dumpHall(hall)).toEqual(before);

    expect(
      await send(terminal, 'staff_login', { commandId: cid('l'), staffCode: 'C03', pin: '9999' }),
    ).toBe('login_failed');
    expect(await send(terminal, 'open_window', { commandId: cid('o') })).toBe('not_logged_in');
    expect(
      await send(terminal, 'staff_login', { commandId: cid('l'), staffCode: 'C03', pin: '1030' }),
    ).toBe('OK');
    expect(await send(terminal, 'call_next', { commandId: cid('c') })).toBe('window_closed');
    expect(await send(terminal, 'staff_logout', { commandId: cid('l') })).toBe('OK');
    expect(await send(terminal, 'open_window', { commandId: cid('o') })).toBe('not_logged_in');
    // A clerk logged in at one terminal is not logged in at another of the same window.
    const other = await connect('window', (await pairDevice(hall, 'window_terminal', 'w3')).token);
    expect(
      await send(terminal, 'staff_login', { commandId: cid('l'), staffCode: 'C03', pin: '1030' }),
    ).toBe('OK');
    expect(await send(other, 'open_window', { commandId: cid('o') })).toBe('not_logged_in');
    expect(hall.hub.current.windows.get('w3')?.status).toBe('closed');
  });

  it('lets a window terminal act only for its own window, and a rating pad rate only there', async () => {
    const kiosk = await connect('kiosk', (await pairDevice(hall, 'kiosk')).token);
    const w1 = await connect('window', (await pairDevice(hall, 'window_terminal', 'w1')).token);
    const w2 = await connect('window', (await pairDevice(hall, 'window_terminal', 'w2')).token);
    const pad1 = await connect('rate', (await pairDevice(hall, 'rating_pad', 'w1')).token);
    const pad2 = await connect('rate', (await pairDevice(hall, 'rating_pad', 'w2')).token);
    const issue = async (serviceId: string): Promise<string> => {
      const answer = await emitAck(kiosk, 'issue_ticket', [
        { commandId: cid('i'), itinerary: [{ serviceIds: [serviceId] }], class: 'normal' },
      ]);
      return (answer as { result: { ticket: { id: string } } }).result.ticket.id;
    };
    const first = await issue('biz-open');
    const second = await issue('biz-open');
    const hukou = await issue('hukou'); // served at w6 and w7 only
    for (const [socket, staffCode, pin] of [
      [w1, 'C01', '1010'],
      [w2, 'C02', '1020'],
    ] as const) {
      expect(await send(socket, 'staff_login', { commandId: cid('l'), staffCode, pin })).toBe('OK');
      expect(await send(socket, 'open_window', { commandId: cid('o') })).toBe('OK');
    }

    // No message names a window: naming one (or a device, or another staff) is refused.
    const before = dumpHall(hall);
    for (const event of commandNames('window')) {
      for (const extra of [{ windowId: 'w2' }, { deviceId: 'x' }, { staffCode: 'C02' }]) {
        if (event === 'staff_login' && 'staffCode' in extra) continue;
        const message = { ...exampleOf('window', event), commandId: cid('w'), ...extra };
        expect([event, extra, await send(w1, event, message)]).toEqual([
          event,
          extra,
          'invalid_message',
        ]);
      }
    }
    expect(dumpHall(hall)).toEqual(before);

    // w1 cannot call a ticket that only other windows serve; what it calls is called at w1.
    expect(await send(w1, 'call_specific', { commandId: cid('s'), ticketId: hukou })).toBe(
      'ticket_not_here',
    );
    expect(await send(w1, 'call_next', { commandId: cid('n') })).toBe('OK');
    expect(hall.hub.current.tickets.get(first)?.windowId).toBe('w1');
    expect(hall.hub.current.windows.get('w2')?.currentTicketId).toBeNull();
    expect(await send(w1, 'start_serving', { commandId: cid('s') })).toBe('OK');
    expect(await send(w1, 'finish', { commandId: cid('f') })).toBe('OK');

    // The rating pad of w2 cannot rate what w1 served, nor name its window; w1's pad can.
    const rating = { ticketId: first, score: 1, reasons: ['rude'] };
    const beforeRating = dumpHall(hall);
    expect(await send(pad2, 'rate', { commandId: cid('r'), ...rating })).toBe('forbidden');
    expect(await send(pad2, 'rate', { commandId: cid('r'), ...rating, windowId: 'w1' })).toBe(
      'invalid_message',
    );
    expect(await send(pad2, 'rate', { commandId: cid('r'), ...rating, ticketId: second })).toBe(
      'forbidden',
    );
    expect(dumpHall(hall)).toEqual(beforeRating);
    expect(await send(pad1, 'rate', { commandId: cid('r'), ...rating })).toBe('OK');
    expect(hall.hub.current.tickets.get(first)?.rating?.score).toBe(1);
  });

  it('locks a staff code after 5 wrong PINs, refuses even the right one, and unlocks in time', async () => {
    expect(LOGIN_POLICY.maxAttempts).toBe(5);
    const terminal = await connect(
      'window',
      (await pairDevice(hall, 'window_terminal', 'w4')).token,
    );
    const login = (pin: string) =>
      send(terminal, 'staff_login', { commandId: cid('pin'), staffCode: 'C04', pin });
    const http = async (staffCode: string, pin: string) => {
      const res = await hall.post<{ error?: { code: string } }>('/api/login', { staffCode, pin });
      return `${res.status} ${res.body.error?.code ?? 'OK'}`;
    };

    for (let i = 0; i < 4; i++) expect(await login(`000${i}`)).toBe('login_failed');
    expect(await login('1040')).toBe('OK'); // the right PIN before the lock resets the count
    for (let i = 0; i < 5; i++) expect(await login(`999${i}`)).toBe('login_failed');
    expect(await login('1040')).toBe('locked_out');
    // The lock is the staff code's from this address: HTTP comes from 127.0.0.1 too.
    expect(await http('C04', '1040')).toBe('429 locked_out');
    clock.advance(LOGIN_POLICY.lockMs - 1);
    expect(await login('1040')).toBe('locked_out');
    clock.advance(1);
    expect(await login('1040')).toBe('OK');

    // The same over HTTP for a supervisor.
    for (let i = 0; i < 5; i++) expect(await http('S01', `555${i}`)).toBe('401 login_failed');
    expect(await http('S01', '2468')).toBe('429 locked_out');
    clock.advance(LOGIN_POLICY.lockMs);
    expect(await http('S01', '2468')).toBe('200 OK');
  });

  it('does not let guesses sent all at once outrun the lock', async () => {
    const attempts = 20;
    // Over HTTP: at most maxAttempts guesses are checked; the others find the code locked.
    const answers = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        hall.post<{ error?: { code: string } }>('/api/login', {
          staffCode: 'S01',
          pin: `77${String(i).padStart(2, '0')}`,
        }),
      ),
    );
    const codes = answers.map((a) => a.body.error?.code ?? 'OK');
    expect(codes.filter((c) => c === 'login_failed').length).toBeLessThanOrEqual(
      LOGIN_POLICY.maxAttempts,
    );
    expect(codes.filter((c) => c === 'locked_out').length).toBeGreaterThanOrEqual(
      attempts - LOGIN_POLICY.maxAttempts,
    );
    // On one socket, in order, without waiting for answers: the right PIN after ten wrong ones
    // is refused.
    const terminal = await connect(
      'window',
      (await pairDevice(hall, 'window_terminal', 'w5')).token,
    );
    const pins = [
      ...Array.from({ length: 10 }, (_, i) => `88${String(i).padStart(2, '0')}`),
      '1050',
    ];
    const results = await Promise.all(
      pins.map((pin) =>
        send(terminal, 'staff_login', { commandId: cid('par'), staffCode: 'C05', pin }),
      ),
    );
    expect(results.at(-1)).toBe('locked_out');
    expect(results.filter((c) => c === 'login_failed').length).toBeLessThanOrEqual(
      LOGIN_POLICY.maxAttempts,
    );
    clock.advance(LOGIN_POLICY.lockMs);
  });

  it('uses a pairing code once, and never after it expires', async () => {
    const fresh = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'kiosk', name: 'k', windowId: null },
      clock.now(),
    );
    const first = await hall.post<PairResponse>('/api/pair', { code: fresh.pairingCode });
    expect(first.status).toBe(200);
    const again = await hall.post('/api/pair', { code: fresh.pairingCode });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'unauthorized' } } });
    expect(await hall.post('/api/pair', { code: 'ZZZZ2222' })).toMatchObject({ status: 400 });

    const late = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'display', name: 'd', windowId: null },
      clock.now(),
    );
    const timely = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'display', name: 'd2', windowId: null },
      clock.now(),
    );
    clock.advance(PAIRING_CODE_MS - 1);
    expect((await hall.post('/api/pair', { code: timely.pairingCode })).status).toBe(200);
    clock.advance(1);
    expect(await hall.post('/api/pair', { code: late.pairingCode })).toMatchObject({
      status: 400,
      body: { error: { code: 'unauthorized' } },
    });
    expect(hall.hub.store.device(late.deviceId)?.pairedAt ?? null).toBeNull();
  });

  it('refuses an admin session once it has expired', async () => {
    const login = await hall.post<LoginResponse>('/api/login', { staffCode: 'ADMIN', pin: '8642' });
    expect(login.status).toBe(200);
    const auth = { protocolVersion: PROTOCOL_VERSION, token: login.body.token };
    clock.advance(login.body.expiresAt - clock.now() - 1);
    const before = await tryConnect(hall.url, '/admin', auth);
    expect(before.ok).toBe(true);
    if (before.ok) before.socket.close();
    clock.advance(1);
    const after = await tryConnect(hall.url, '/admin', auth);
    expect(after.ok ? 'connected' : after.message).toBe('unauthorized');
  });
});
