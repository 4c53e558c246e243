import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { CommandAck } from '@onestop/shared';
import { PROTOCOL_VERSION } from '@onestop/shared';
import { createDevice } from '@onestop/hub';
import { HubTestHall } from './support/hall.js';

/** What a connection may still do once it is in: its credential, its window, its command ids. */

let hall: HubTestHall;
const sockets: Socket[] = [];
beforeEach(async () => {
  hall = await HubTestHall.start();
});
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await hall.close();
});

async function connect(namespace: string, token: string): Promise<Socket> {
  const socket = io(`${hall.url}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION, token },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

let n = 0;
async function send(
  socket: Socket,
  event: string,
  payload: Record<string, unknown> = {},
): Promise<CommandAck<unknown>> {
  const message = { commandId: `cmd-${String(++n).padStart(6, '0')}`, ...payload };
  return (await socket.timeout(5_000).emitWithAck(event, message)) as CommandAck<unknown>;
}
const codeOf = (ack: CommandAck<unknown>) => (ack.ok ? 'OK' : ack.error.code);

async function clerk(windowId: string, staffCode: string, pin: string): Promise<Socket> {
  const socket = await connect('/window', await hall.pair('window_terminal', windowId));
  expect(codeOf(await send(socket, 'staff_login', { staffCode, pin }))).toBe('OK');
  expect(codeOf(await send(socket, 'open_window'))).toBe('OK');
  return socket;
}

describe('authority after the handshake', () => {
  it("ends an unpaired device's open connection at its next command", async () => {
    const token = await hall.pair('kiosk');
    const kiosk = await connect('/kiosk', token);
    const issue = { itinerary: [{ serviceIds: ['tax'] }], class: 'normal' };
    // Its own ticket's batch comes first (a batch would also end a revoked device's socket).
    const batch = new Promise<void>((resolve) => kiosk.once('batch', () => resolve()));
    expect(codeOf(await send(kiosk, 'issue_ticket', issue))).toBe('OK');
    await batch;
    const device = hall.hub.store.listDevices().find((d) => d.kind === 'kiosk');
    hall.hub.store.revokeDevice(device?.id ?? '', hall.hub.now());
    const seq = hall.hub.store.lastSeq();
    const notices: unknown[] = [];
    kiosk.on('ended', (notice: unknown) => notices.push(notice));
    const disconnected = new Promise<void>((resolve) => kiosk.once('disconnect', () => resolve()));
    expect(codeOf(await send(kiosk, 'issue_ticket', issue))).toBe('unauthorized');
    await disconnected;
    expect(notices).toEqual([{ code: 'unauthorized', message: expect.any(String) as string }]);
    expect(hall.hub.store.lastSeq()).toBe(seq);
  });

  it('ends a display at the next batch once its device lost its token, here or by another program', async () => {
    const kiosk = await connect('/kiosk', await hall.pair('kiosk'));
    const issue = { itinerary: [{ serviceIds: ['tax'] }], class: 'normal' };
    const displays = await Promise.all(
      [1, 2, 3].map(async () => connect('/display', await hall.pair('display'))),
    );
    const seen = displays.map((socket) => {
      const got = { batches: 0, ended: [] as unknown[], gone: false };
      socket.on('batch', () => got.batches++);
      socket.on('ended', (notice: unknown) => got.ended.push(notice));
      socket.on('disconnect', () => (got.gone = true));
      return got;
    });
    const settled = async (check: () => boolean) => {
      for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(check()).toBe(true);
    };
    // Checked once: every display's token is good, every display gets the batch.
    expect(codeOf(await send(kiosk, 'issue_ticket', issue))).toBe('OK');
    await settled(() => seen.every((s) => s.batches === 1));
    const [first, second] = hall.hub.store.listDevices().filter((d) => d.kind === 'display');
    // Revoked by this hub without ending its sockets (as a restore's or a bug's would not).
    hall.hub.store.revokeDevice(first?.id ?? '', hall.hub.now());
    expect(codeOf(await send(kiosk, 'issue_ticket', issue))).toBe('OK');
    await settled(() => seen[0]?.gone === true && seen[2]?.batches === 2);
    // Revoked by another program writing the database (a sqlite3 shell, an old CLI).
    const other = new Database(hall.dbPath);
    other
      .prepare('UPDATE devices SET revoked_at = 1, token_hash = NULL WHERE id = ?')
      .run(second?.id ?? '');
    other.close();
    expect(codeOf(await send(kiosk, 'issue_ticket', issue))).toBe('OK');
    await settled(() => seen[1]?.gone === true && seen[2]?.batches === 3);
    const ended = { code: 'unauthorized', message: expect.any(String) as string };
    expect(seen).toEqual([
      { batches: 1, ended: [ended], gone: true },
      { batches: 2, ended: [ended], gone: true },
      { batches: 3, ended: [], gone: false },
    ]);
  });

  it('treats a commandId reused for another command as a new command', async () => {
    const admin = await connect('/admin', await hall.login());
    const created = (await admin.timeout(5_000).emitWithAck('create_device', {
      commandId: 'same-id-0001',
      kind: 'display',
      name: 'Floor 2',
      windowId: null,
    })) as CommandAck<{ deviceId: string }>;
    expect(created.ok).toBe(true);
    const cancel = (await admin.timeout(5_000).emitWithAck('cancel', {
      commandId: 'same-id-0001',
      ticketId: '2026-01-01/A001',
    })) as CommandAck<unknown>;
    expect(codeOf(cancel)).toBe('ticket_unknown'); // decided afresh, not the device's result
  });

  it('lets a window terminal change only tickets of its own window', async () => {
    const kiosk = await connect('/kiosk', await hall.pair('kiosk'));
    const issued = (await send(kiosk, 'issue_ticket', {
      itinerary: [{ serviceIds: ['hukou'] }],
      class: 'normal',
    })) as CommandAck<{
      ticket: { id: string };
    }>;
    const ticketId = issued.ok ? issued.result.ticket.id : '';
    const w1 = await clerk('w1', 'C01', '1010'); // business start-up: no household registration
    expect(codeOf(await send(w1, 'cancel', { ticketId }))).toBe('ticket_not_here');
    expect(codeOf(await send(w1, 'unpark', { ticketId }))).toBe('ticket_not_here');
    const w6 = await clerk('w6', 'C06', '1060'); // household registration
    expect(codeOf(await send(w6, 'cancel', { ticketId }))).toBe('OK');
    expect(hall.hub.current.tickets.get(ticketId)?.status).toBe('cancelled');
  });

  it('opens only today, so a mistyped day cannot stick', async () => {
    const admin = await connect('/admin', await hall.login());
    expect(codeOf(await send(admin, 'close_day'))).toBe('OK');
    expect(codeOf(await send(admin, 'open_day', { businessDay: '2052-11-27' }))).toBe(
      'invalid_message',
    );
    expect(codeOf(await send(admin, 'open_day', { businessDay: null }))).toBe('OK');
    expect(hall.hub.current.day?.businessDay).toBe(hall.hub.today());
  });

  it('names the unknown window when registering a device', async () => {
    const admin = await connect('/admin', await hall.login());
    expect(
      codeOf(
        await send(admin, 'create_device', { kind: 'rating_pad', name: 'x', windowId: 'w99' }),
      ),
    ).toBe('window_unknown');
    expect(() =>
      createDevice(
        hall.hub.store,
        hall.hub.config,
        { kind: 'kiosk', name: 'k', windowId: 'w1' },
        0,
      ),
    ).toThrow(/belongs to no window/);
  });
});
