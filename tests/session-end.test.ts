import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { EndNotice, LoginResponse } from '@onestop/shared';
import { SESSION_CHECK_MS } from '@onestop/hub';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';
import { codeOf, connectRole, emitAck } from './support/hostile-sockets.js';

/*
 * An admin console session that expires or is ended stops reading the hall at once: its open
 * socket gets no more batches, is told why and is closed, whether or not it sends anything.
 */

let hall: HubTestHall;
const sockets: Socket[] = [];
let clock: FakeClock;
beforeEach(() => {
  clock = new FakeClock(Date.UTC(2025, 2, 14, 2, 0)); // 10:00 in the hall (Asia/Shanghai)
});

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  hall.server.http.closeAllConnections();
  await hall.close();
});

/** A console socket with what it receives: batches, the `ended` notice, the disconnect. */
async function openConsole(token: string) {
  const socket = await connectRole(hall.url, 'admin', token);
  sockets.push(socket);
  const seen = {
    batches: 0,
    notice: null as EndNotice | null,
    disconnected: null as string | null,
  };
  socket.on('batch', () => seen.batches++);
  socket.on('ended', (notice: EndNotice) => {
    seen.notice = notice;
  });
  socket.on('disconnect', (reason) => {
    seen.disconnected = reason;
  });
  return { socket, seen };
}

async function login(staffCode = 'ADMIN', pin = '8642'): Promise<LoginResponse> {
  const res = await hall.post<LoginResponse>('/api/login', { staffCode, pin });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('an admin session that expires', () => {
  it('receives no batch after its expiry: the next one ends its socket instead', async () => {
    hall = await HubTestHall.start({ now: () => clock.now() });
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const issue = () =>
      kiosk.command('issue_ticket', { itinerary: [{ serviceIds: ['tax'] }], class: 'normal' });
    const session = await login();
    const { socket, seen } = await openConsole(session.token);

    expect((await issue()).ok).toBe(true);
    await waitFor(() => seen.batches === 1, 5_000, 'the batch before the expiry');

    clock.t = session.expiresAt; // expired (a session is good while now < expiresAt)
    expect((await issue()).ok).toBe(true);
    await waitFor(() => seen.disconnected !== null, 5_000, 'the console socket to be closed');
    expect(seen).toEqual({
      batches: 1,
      notice: { code: 'unauthorized', message: expect.any(String) as string },
      disconnected: 'io server disconnect',
    });
    expect(socket.connected).toBe(false);
    // And it is refused if it comes back.
    const again = await connectRole(hall.url, 'admin', session.token).catch((e: Error) => e);
    expect(again instanceof Error ? again.message : 'connected').toMatch(/unauthorized/);
  });

  it('is closed at its expiry though nothing happens in the hall and it sends nothing', async () => {
    hall = await HubTestHall.start({ now: () => clock.now() });
    const session = await login();
    const other = await login('S01', '2468');
    clock.t = session.expiresAt - 60_000;
    const late = await login('S01', '2468'); // logged in later: still good after the first ends
    const first = await openConsole(session.token);
    const second = await openConsole(late.token);
    const third = await openConsole(other.token);

    const t0 = Date.now();
    clock.t = session.expiresAt + 1;
    await waitFor(
      () => first.seen.disconnected !== null && third.seen.disconnected !== null,
      SESSION_CHECK_MS * 5,
      'the expired consoles to be closed',
    );
    expect(Date.now() - t0).toBeLessThan(SESSION_CHECK_MS * 5);
    for (const { seen } of [first, third]) {
      expect(seen.notice?.code).toBe('unauthorized');
      expect(seen.disconnected).toBe('io server disconnect');
    }
    // The session still good goes on, and is answered.
    expect(second.socket.connected).toBe(true);
    expect(codeOf(await emitAck(second.socket, 'sync', [{ lastSeq: 0 }]))).toBe('OK');
  });

  it('gets no answer to a sync after its expiry, but unauthorized and a closed socket', async () => {
    hall = await HubTestHall.start({ now: () => clock.now() });
    const session = await login();
    const { socket, seen } = await openConsole(session.token);
    expect(codeOf(await emitAck(socket, 'sync', [{ lastSeq: 0 }]))).toBe('OK');
    clock.t = session.expiresAt;
    expect(codeOf(await emitAck(socket, 'sync', [{ lastSeq: 0 }]))).toBe('unauthorized');
    await waitFor(() => seen.disconnected !== null, 5_000, 'the console socket to be closed');
    expect(seen.notice?.code).toBe('unauthorized');
  });
});

describe('an admin session that is ended', () => {
  it('is told why and closed when its staff is disabled, and gets no batch of it', async () => {
    hall = await HubTestHall.start({ now: () => clock.now() });
    const admin = await hall.client('admin', (await login()).token);
    const supervisor = await openConsole((await login('S01', '2468')).token);
    const entry = hall.hub.config.staff.find((s) => s.code === 'S01');
    if (!entry) throw new Error('no S01 in the demo hall');
    const changed = await admin.command('change_config', {
      change: { kind: 'staff', staff: { ...entry, active: false } },
    });
    expect(changed.ok).toBe(true);
    await waitFor(() => supervisor.seen.disconnected !== null, 5_000, 'the console to be closed');
    expect(supervisor.seen).toEqual({
      batches: 0,
      notice: { code: 'unauthorized', message: expect.any(String) as string },
      disconnected: 'io server disconnect',
    });
    // The admin's own console goes on.
    expect(admin.connection).toBe('online');
  });

  it('lets the console client stop for good, as after a refused token', async () => {
    hall = await HubTestHall.start({ now: () => clock.now() });
    const session = await login();
    const client = await hall.client('admin', session.token);
    const states: string[] = [];
    client.onConnection((c) => states.push(c));
    clock.t = session.expiresAt;
    await waitFor(() => client.connection === 'refused', SESSION_CHECK_MS * 5, 'the client');
    expect(client.refusal).toBe('unauthorized');
    expect(states).toEqual(['refused']);
  });
});
