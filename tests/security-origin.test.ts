import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@onestop/shared';
import { LOGIN_POLICY } from '@onestop/hub';
import { ok, said } from './support/acks.js';
import { HubTestHall } from './support/hall.js';
import { rawRequest, type RawResponse } from './support/hostile-http.js';
import { tryConnect } from './support/hostile-sockets.js';

/*
 * Which pages may use the hub: a browser's `Origin` is checked against the hub's own addresses
 * and names and `--allow-origin`, never against the request's own `Host` (a DNS-rebound name
 * passes that). And the login lock: per staff code *and* address, so six requests from a
 * stranger no longer lock the admin out, and an admin can lift a lock from the console.
 */

const LISTED = 'http://hub.hall.lan:7800';

let hall: HubTestHall;
let port: string;
beforeAll(async () => {
  hall = await HubTestHall.start({ allowOrigins: [LISTED] });
  port = new URL(hall.url).port;
});
afterAll(async () => {
  await hall.close();
});

/** `POST path` with a JSON body, from `localAddress`, with these headers. */
function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  localAddress = '127.0.0.1',
): Promise<RawResponse> {
  return rawRequest(hall.url, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    localAddress,
  });
}

const codeOf = (res: RawResponse): string => {
  const parsed = JSON.parse(res.body) as { error?: { code: string } };
  return `${res.status} ${parsed.error?.code ?? 'OK'}`;
};

const ADMIN = { staffCode: 'ADMIN', pin: '8642' };

describe('the Origin of a browser request', () => {
  it('refuses another site even when the Host is the hub’s own, and a DNS-rebound name', async () => {
    const sessions = hall.server.sessions.all().length;
    const cases: Record<string, string>[] = [
      // Another site's page posting to the hub's address: Host matches the hub.
      { origin: `http://evil.example:${port}`, host: `127.0.0.1:${port}` },
      // evil.example rebound to 127.0.0.1: Origin and Host agree, and are not the hub's.
      { origin: `http://evil.example:${port}`, host: `evil.example:${port}` },
      // A page that hides its origin (`null`) sent to the rebound name.
      { origin: 'null', host: `evil.example:${port}` },
      // The hub's address on another port (another program on the same machine).
      { origin: `http://127.0.0.1:${Number(port) + 1}` },
      { origin: `https://127.0.0.1:${port}` },
      { origin: `http://127.0.0.1:${port}@evil.example` },
    ];
    for (const headers of cases) {
      const res = await post('/api/login', ADMIN, headers);
      expect([headers, codeOf(res)]).toEqual([headers, '403 forbidden']);
      expect(res.body).toContain('requests from the page of another site');
      expect(res.body).toContain('--allow-origin');
    }
    // Nothing was done: no session was opened.
    expect(hall.server.sessions.all().length).toBe(sessions);
  });

  it('takes the hub’s own addresses and names, a listed origin, and requests without one', async () => {
    const own = [
      `http://127.0.0.1:${port}`,
      `http://localhost:${port}`,
      `http://${hostname().toLowerCase()}:${port}`,
      LISTED,
    ];
    for (const origin of own) {
      expect([origin, codeOf(await post('/api/login', ADMIN, { origin }))]).toEqual([
        origin,
        '200 OK',
      ]);
    }
    // The hub's own page whose referrer policy hides its origin: judged by the Host it used.
    expect(codeOf(await post('/api/login', ADMIN, { origin: 'null' }))).toBe('200 OK');
    expect(codeOf(await post('/api/login', ADMIN))).toBe('200 OK');
  });

  it('refuses a Socket.IO handshake from a DNS-rebound name, takes a listed origin', async () => {
    const auth = { protocolVersion: PROTOCOL_VERSION, token: await hall.pair('kiosk') };
    const rebound = { origin: `http://evil.example:${port}`, host: `evil.example:${port}` };
    const poll = await rawRequest(hall.url, '/socket.io/?EIO=4&transport=polling', {
      headers: rebound,
    });
    expect(poll.status).toBe(403);
    expect(poll.body).toContain('requests from the page of another site');
    expect(poll.body).not.toContain('"sid"');
    for (const transports of [['websocket'], ['polling']]) {
      const refused = await tryConnect(hall.url, '/kiosk', auth, {
        transports,
        extraHeaders: rebound,
      });
      if (refused.ok) refused.socket.close();
      expect([transports, refused.ok]).toEqual([transports, false]);
      const listed = await tryConnect(hall.url, '/kiosk', auth, {
        transports,
        extraHeaders: { origin: LISTED },
      });
      expect([transports, listed.ok]).toEqual([transports, true]);
      if (listed.ok) listed.socket.close();
    }
  });
});

describe('the login lock', () => {
  it('locks a staff code from one address only: the admin still logs in from another', async () => {
    const stranger = '127.0.0.2';
    for (let i = 0; i < LOGIN_POLICY.maxAttempts; i++) {
      const guess = { staffCode: 'ADMIN', pin: `000${i}` };
      expect(codeOf(await post('/api/login', guess, {}, stranger))).toBe('401 login_failed');
    }
    const locked = await post('/api/login', ADMIN, {}, stranger);
    expect(codeOf(locked)).toBe('429 locked_out');
    expect(locked.body).toMatch(/locked from this address for 5 more minute\(s\)/);
    // The admin, at their own desk, is not locked out.
    expect(codeOf(await post('/api/login', ADMIN))).toBe('200 OK');
    expect(codeOf(await post('/api/login', ADMIN, {}, stranger))).toBe('429 locked_out');
  });

  it('lets an admin lift every lock of a code from the console, recorded in the audit', async () => {
    const from = '127.0.0.3';
    for (let i = 0; i < LOGIN_POLICY.maxAttempts; i++) {
      await post('/api/login', { staffCode: 'S01', pin: `111${i}` }, {}, from);
    }
    expect(codeOf(await post('/api/login', { staffCode: 'S01', pin: '2468' }, {}, from))).toBe(
      '429 locked_out',
    );
    const supervisor = await hall.client('admin', await hall.login('S01', '2468'));
    expect(said(await supervisor.command('unlock_staff', { staffCode: 'S01' }))).toMatch(
      /^forbidden/,
    );
    const admin = await hall.client('admin', await hall.login());
    expect(said(await admin.command('unlock_staff', { staffCode: 'ZZ9' }))).toMatch(
      /^staff_unknown/,
    );
    expect(ok(await admin.command('unlock_staff', { staffCode: 'S01' }))).toEqual({
      staffCode: 'S01',
      lockedAddresses: 1,
    });
    expect(codeOf(await post('/api/login', { staffCode: 'S01', pin: '2468' }, {}, from))).toBe(
      '200 OK',
    );
    const audit = ok(
      await admin.command('audit', {
        from: 0,
        to: hall.hub.now() + 1,
        ticketId: null,
        windowId: null,
        staffCode: null,
        type: 'staff_unlocked',
        afterSeq: 0,
        limit: 10,
      }),
    );
    expect(audit.entries.map((e) => [e.actor, e.event.type, e.event])).toEqual([
      [
        { kind: 'staff', staffCode: 'ADMIN', deviceId: null },
        'staff_unlocked',
        expect.objectContaining({ staffCode: 'S01', lockedAddresses: 1 }),
      ],
    ]);
    // Nothing locked: still answered and recorded, with 0.
    expect(ok(await admin.command('unlock_staff', { staffCode: 'C01' }))).toEqual({
      staffCode: 'C01',
      lockedAddresses: 0,
    });
  });
});
