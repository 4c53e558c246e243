import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { CommandAck, IssueTicketResult, WindowResult } from '@onestop/shared';
import { PROTOCOL_VERSION } from '@onestop/shared';
import { HubTestHall } from './support/hall.js';

let hall: HubTestHall;
const sockets: Socket[] = [];
/** Folders of a hall restarted on its file (the restarted hall does not own them). */
const leftovers: string[] = [];
beforeEach(async () => {
  hall = await HubTestHall.start();
});
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await hall.close();
  leftovers.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function connect(namespace: string, token: string): Socket {
  const socket = io(`${hall.url}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION, token },
  });
  sockets.push(socket);
  return socket;
}

function send<R>(socket: Socket, event: string, payload: unknown): Promise<CommandAck<R>> {
  return socket.timeout(5_000).emitWithAck(event, payload) as Promise<CommandAck<R>>;
}

describe('idempotent commands', () => {
  it('answers the same commandId twice with the same ticket, issued once', async () => {
    const kiosk = connect('/kiosk', await hall.pair('kiosk'));
    const message = {
      commandId: 'retry-0001',
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
    };
    const first = await send<IssueTicketResult>(kiosk, 'issue_ticket', message);
    const seq = hall.hub.store.lastSeq();
    const again = await send<IssueTicketResult>(kiosk, 'issue_ticket', message);
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual(first);
    expect(hall.hub.store.lastSeq()).toBe(seq);
    expect(hall.hub.current.issuedCount).toBe(1);

    // A new id is a new ticket; the same id from another kiosk is that kiosk's own command.
    const next = await send<IssueTicketResult>(kiosk, 'issue_ticket', {
      ...message,
      commandId: 'retry-0002',
    });
    expect(next.ok && next.result.ticket.number).toBe('H002');
    const other = connect('/kiosk', await hall.pair('kiosk'));
    const theirs = await send<IssueTicketResult>(other, 'issue_ticket', message);
    expect(theirs.ok && theirs.result.ticket.number).toBe('H003');
  });

  it('answers a retry after a restart with the ticket as first issued, though called since', async () => {
    const kioskToken = await hall.pair('kiosk');
    let kiosk = connect('/kiosk', kioskToken);
    const message = { commandId: 'restart-0001', itinerary: [{ serviceIds: ['biz-open'] }] };
    const first = await send<IssueTicketResult>(kiosk, 'issue_ticket', {
      ...message,
      class: 'normal',
    });
    if (!first.ok) throw new Error('not issued');
    // The ticket is called: its row changes; the retry still gets what the first answer said.
    const window = connect('/window', await hall.pair('window_terminal', 'w1'));
    const login = { commandId: 'login-restart-1', staffCode: 'C01', pin: '1010' };
    expect((await send(window, 'staff_login', login)).ok).toBe(true);
    expect((await send(window, 'open_window', { commandId: 'open-restart-1' })).ok).toBe(true);
    const call = await send<WindowResult>(window, 'call_next', { commandId: 'call-restart-1' });
    expect(call.ok && call.result.ticket?.id).toBe(first.result.ticket.id);
    sockets.splice(0).forEach((s) => s.close());
    const { dbPath, dir } = hall;
    if (dir) leftovers.push(dir);
    await hall.close({ keepFiles: true });
    // The result is kept without the ticket its event holds (store/event-log.ts, ISSUED_TICKET).
    const file = new Database(dbPath, { readonly: true });
    const kept = file
      .prepare(`SELECT result FROM command_results WHERE command_id = ?`)
      .pluck()
      .get(message.commandId) as string;
    file.close();
    expect(JSON.parse(kept)).toMatchObject({ ticket: 'issued' });
    hall = await HubTestHall.start({ dbPath, config: null });
    kiosk = connect('/kiosk', kioskToken);
    const seq = hall.hub.store.lastSeq();
    const again = await send<IssueTicketResult>(kiosk, 'issue_ticket', {
      ...message,
      class: 'normal',
    });
    expect(again).toEqual(first);
    expect(hall.hub.store.lastSeq()).toBe(seq);
    expect(hall.hub.current.tickets.get(first.result.ticket.id)?.status).toBe('called');
  });

  it('never calls twice for a retried call_next', async () => {
    const kiosk = connect('/kiosk', await hall.pair('kiosk'));
    for (const n of [1, 2]) {
      await send(kiosk, 'issue_ticket', {
        commandId: `issue-000${n}`,
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      });
    }
    const window = connect('/window', await hall.pair('window_terminal', 'w1'));
    expect(
      (
        await send(window, 'staff_login', {
          commandId: 'login-0001',
          staffCode: 'C01',
          pin: '1010',
        })
      ).ok,
    ).toBe(true);
    expect((await send(window, 'open_window', { commandId: 'open-0001' })).ok).toBe(true);
    const first = await send<WindowResult>(window, 'call_next', { commandId: 'call-0001' });
    const again = await send<WindowResult>(window, 'call_next', { commandId: 'call-0001' });
    expect(first.ok && first.result.ticket?.number).toBe('A001');
    expect(again.ok && again.result.ticket?.number).toBe('A001');
    const calls = hall.hub.store.eventsAfter(0, 1000).filter((e) => e.type === 'ticket_called');
    expect(calls).toHaveLength(1);
    expect(hall.hub.current.tickets.get(`${hall.hub.current.day?.businessDay}/A002`)?.status).toBe(
      'waiting',
    );
  });
});
