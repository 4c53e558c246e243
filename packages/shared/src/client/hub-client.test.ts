import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../domain/commands.js';
import type { SequencedEvent } from '../domain/events.js';
import type { CommandAck } from '../protocol/errors.js';
import type {
  ClientToServerEvents,
  KioskClientEvents,
  ServerToClientEvents,
} from '../protocol/events.js';
import { checkHandshake } from '../protocol/handshake.js';
import type { IssueTicketResult } from '../protocol/messages.js';
import { parseMessage } from '../protocol/parse.js';
import { redactBatchFor, redactSnapshotFor } from '../protocol/redact.js';
import { NAMESPACES, type ConnectionState, type Role } from '../protocol/roles.js';
import { serializeState, type EventBatch, type SyncResult } from '../protocol/sync.js';
import { SNAPSHOT_AT, SequencedHall, ticketId } from '../protocol/test-helpers.js';
import { HubClient, newCommandId } from './hub-client.js';

/*
 * HubClient against a real Socket.IO server on a free port, faking just enough of a hub:
 * the handshake, sync, live batches, and commands remembered by commandId.
 */

const TOKEN = 'good-token';

interface Received {
  event: string;
  commandId: string;
}

class FakeHub {
  readonly hall = new SequencedHall().morning();
  readonly received: Received[] = [];
  readonly syncs: number[] = [];
  /** First results by commandId: a retry gets the same answer and nothing happens twice. */
  private readonly results = new Map<string, CommandAck<unknown>>();
  /** How many of the next acknowledgements to lose. */
  dropAcks = 0;
  /** Never acknowledge commands (but do answer syncs). */
  silent = false;
  /** Refuse the next connections with this middleware error. */
  refuseWith: string | null = null;
  refusals = 0;

  private constructor(
    readonly http: HttpServer,
    readonly io: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeHub> {
    const http = createServer();
    const io = new Server(http, { serveClient: false });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const hub = new FakeHub(http, io, `http://127.0.0.1:${port}/`);
    for (const role of ['display', 'kiosk', 'window'] as const) hub.serve(role);
    return hub;
  }

  private serve(role: Role): void {
    const nsp = this.io.of(NAMESPACES[role]);
    nsp.use((socket, next) => {
      if (this.refuseWith !== null) {
        this.refusals++;
        next(new Error(this.refuseWith));
        return;
      }
      const check = checkHandshake(socket.handshake.auth);
      if (!check.ok) next(new Error(check.code));
      else if (check.auth.token !== TOKEN) next(new Error('unauthorized'));
      else next();
    });
    nsp.on('connection', (socket: ServerSocket) => {
      socket.on('sync', (raw: unknown, ack: (result: SyncResult) => void) => {
        const parsed = parseMessage(role, 'sync', raw);
        if (!parsed.ok) return ack({ ok: false, error: parsed.error });
        const { lastSeq } = parsed.value;
        this.syncs.push(lastSeq);
        if (lastSeq === 0 || lastSeq > this.hall.seq) {
          const snapshot = serializeState(this.hall.state, this.hall.seq, SNAPSHOT_AT);
          return ack({
            ok: true,
            result: { kind: 'snapshot', snapshot: redactSnapshotFor(role, snapshot) },
          });
        }
        const batch = {
          from: lastSeq + 1,
          to: this.hall.seq,
          events: this.hall.log.slice(lastSeq),
        };
        ack({ ok: true, result: { kind: 'events', batch: redactBatchFor(role, batch) } });
      });
      socket.on('issue_ticket', (raw: unknown, ack: (a: CommandAck<unknown>) => void) => {
        const parsed = parseMessage('kiosk', 'issue_ticket', raw);
        if (!parsed.ok) return ack({ ok: false, error: parsed.error });
        const { commandId, itinerary } = parsed.value;
        this.answer(commandId, 'issue_ticket', ack, () => {
          const batch = this.run({
            type: 'issue_ticket',
            itinerary,
            class: parsed.value.class,
            appointment: null,
            accessToken: `token-${commandId}`,
          });
          const issued = batch.events[0];
          if (issued?.type !== 'ticket_issued') throw new Error('no ticket');
          return { ok: true, result: { ticket: issued.ticket } };
        });
      });
    });
  }

  private answer(
    commandId: string,
    event: string,
    ack: (a: CommandAck<unknown>) => void,
    execute: () => CommandAck<unknown>,
  ): void {
    this.received.push({ event, commandId });
    if (this.silent) return;
    let result = this.results.get(commandId);
    if (result === undefined) {
      result = execute();
      this.results.set(commandId, result);
    }
    if (this.dropAcks > 0) {
      this.dropAcks--;
      return;
    }
    ack(result);
  }

  /** Runs a command on the hall and sends its batch to every namespace, redacted. */
  run(command: Command): EventBatch {
    const batch = this.hall.run(command);
    this.publish(batch);
    return batch;
  }

  publish(batch: EventBatch): void {
    for (const role of ['display', 'kiosk', 'window'] as const) {
      this.io.of(NAMESPACES[role]).emit('batch', redactBatchFor(role, batch));
    }
  }

  /** Drops every connection's transport, as a network failure would (clients reconnect). */
  dropConnections(role: Role): void {
    for (const socket of this.io.of(NAMESPACES[role]).sockets.values()) socket.conn.close();
  }

  async stop(): Promise<void> {
    await this.io.close();
  }
}

const ISSUE: Command = {
  type: 'issue_ticket',
  itinerary: [{ serviceIds: ['marriage'] }],
  class: 'normal',
  appointment: null,
  accessToken: 'x',
};

function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

const hubs: FakeHub[] = [];
const clients: HubClient<Role>[] = [];

async function setup<R extends Role>(
  role: R,
  options: { token?: string; ackTimeoutMs?: number; retries?: number } = {},
): Promise<{ hub: FakeHub; client: HubClient<R>; states: ConnectionState[] }> {
  const hub = await FakeHub.start();
  hubs.push(hub);
  const client = new HubClient({
    url: hub.url,
    role,
    token: options.token ?? TOKEN,
    ackTimeoutMs: options.ackTimeoutMs ?? 300,
    retries: options.retries ?? 3,
  });
  clients.push(client);
  const states: ConnectionState[] = [];
  client.onConnection((c) => states.push(c));
  return { hub, client, states };
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const hub of hubs.splice(0)) await hub.stop();
});

describe('HubClient', () => {
  it('connects, starts from a snapshot and follows live batches', async () => {
    const { hub, client, states } = await setup('display');
    expect(client.connection).toBe('connecting');
    const seen: { events: SequencedEvent[]; replayed: boolean }[] = [];
    client.onEvents((events, { replayed }) => seen.push({ events, replayed }));
    let stateChanges = 0;
    client.onState(() => stateChanges++);

    await until(() => client.connection === 'online');
    expect(states).toEqual(['syncing', 'online']);
    expect(hub.syncs).toEqual([0]);
    expect(client.lastSeq).toBe(hub.hall.seq);
    expect(client.state?.tickets.size).toBe(2);
    expect(stateChanges).toBe(1);
    // A display never sees a visitor's token.
    expect([...(client.state?.tickets.values() ?? [])].map((t) => t.accessToken)).toEqual(['', '']);

    hub.run({ type: 'call_next', windowId: 'w1' });
    await until(() => client.lastSeq === hub.hall.seq);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.replayed).toBe(false);
    expect(seen[0]?.events[0]?.type).toBe('ticket_called');
    expect(client.state?.tickets.get(ticketId('A002'))?.status).toBe('called');
  });

  it('catches up after a reconnect, marking what it missed as replayed', async () => {
    const { hub, client } = await setup('display');
    await until(() => client.connection === 'online');
    const seen: { types: string[]; replayed: boolean }[] = [];
    client.onEvents((events, { replayed }) =>
      seen.push({ types: events.map((e) => e.type), replayed }),
    );
    const before = client.lastSeq;

    hub.dropConnections('display');
    await until(() => client.connection === 'offline');
    hub.hall.run(ISSUE); // happens while the display is away
    hub.hall.run({ type: 'call_next', windowId: 'w1' });
    await until(() => client.connection === 'online' && client.lastSeq === hub.hall.seq);
    expect(hub.syncs).toEqual([0, before]);
    expect(seen).toEqual([{ types: ['ticket_issued', 'ticket_called'], replayed: true }]);
    expect(client.state?.tickets.size).toBe(3);
  });

  it('syncs again when a live batch shows a gap', async () => {
    const { hub, client } = await setup('display');
    await until(() => client.connection === 'online');
    const before = client.lastSeq;
    hub.hall.run(ISSUE); // its batch is lost
    hub.run({ type: 'call_next', windowId: 'w1' });
    await until(() => client.lastSeq === hub.hall.seq && client.connection === 'online');
    expect(hub.syncs).toEqual([0, before]);
    expect(client.state?.tickets.size).toBe(3);
  });

  it('sends a command and returns its typed acknowledgement', async () => {
    const { hub, client } = await setup('kiosk');
    const outcome = await client.command('issue_ticket', {
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'priority',
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const ticket: IssueTicketResult['ticket'] = outcome.result.ticket;
    expect(ticket.number).toBe('D001');
    expect(ticket.class).toBe('priority');
    // The issuing kiosk gets the token for the QR code in its result.
    expect(ticket.accessToken).toBe(`token-${hub.received[0]?.commandId ?? ''}`);
    expect(hub.received[0]?.commandId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets the hub error of a refused command', async () => {
    const { client } = await setup('kiosk');
    const outcome = await client.command('issue_ticket', {
      itinerary: [{ serviceIds: ['no such service!'] }],
      class: 'normal',
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('invalid_message');
      expect(outcome.error.message).toContain('itinerary.0.serviceIds.0');
    }
  });

  it('retries a lost acknowledgement with the same commandId and gets the first result', async () => {
    const { hub, client } = await setup('kiosk', { ackTimeoutMs: 200 });
    await until(() => client.connection === 'online');
    hub.dropAcks = 2;
    const issued = hub.hall.log.filter((e) => e.type === 'ticket_issued').length;
    const outcome = await client.command('issue_ticket', {
      itinerary: [{ serviceIds: ['marriage'] }],
      class: 'normal',
    });
    expect(outcome.ok).toBe(true);
    expect(hub.received).toHaveLength(3);
    expect(new Set(hub.received.map((r) => r.commandId)).size).toBe(1);
    // Issued once, whatever the retries.
    expect(hub.hall.log.filter((e) => e.type === 'ticket_issued').length).toBe(issued + 1);
    if (outcome.ok) expect(outcome.result.ticket.number).toBe('A003');
  });

  it('gives up with timeout after its attempts', async () => {
    const { hub, client } = await setup('kiosk', { ackTimeoutMs: 100, retries: 2 });
    await until(() => client.connection === 'online');
    hub.silent = true;
    const started = Date.now();
    const outcome = await client.command('issue_ticket', {
      itinerary: [{ serviceIds: ['marriage'] }],
      class: 'normal',
    });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'no answer to issue_ticket after 3 attempt(s)' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(hub.received).toHaveLength(3);
  });

  it('waits for the connection rather than failing at once', async () => {
    const hub = await FakeHub.start();
    hubs.push(hub);
    hub.refuseWith = 'rate_limited'; // not a refusal for good: the client tries again
    const client = new HubClient({
      url: hub.url,
      role: 'kiosk',
      token: TOKEN,
      ackTimeoutMs: 1_000,
    });
    clients.push(client);
    const pending = client.command('issue_ticket', {
      itinerary: [{ serviceIds: ['marriage'] }],
      class: 'normal',
    });
    await until(() => hub.refusals >= 2);
    expect(client.connection).toBe('offline');
    hub.refuseWith = null;
    const outcome = await pending;
    expect(outcome.ok).toBe(true);
    expect(hub.received).toHaveLength(1);
  });

  it('stops for good when the hub refuses the token', async () => {
    const { hub, client, states } = await setup('kiosk', { token: 'stolen' });
    await until(() => client.connection === 'refused');
    expect(client.refusal).toBe('unauthorized');
    expect(states).toEqual(['refused']);
    const outcome = await client.command('device_status', { state: 'ok', detail: '' });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'the hub refused the connection: unauthorized' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.connection).toBe('refused');
    expect(hub.syncs).toEqual([]);
  });

  it('stops for good on a protocol mismatch', async () => {
    const { hub, client } = await setup('display');
    hub.refuseWith = 'protocol_mismatch';
    await until(() => client.connection === 'refused');
    expect(client.refusal).toBe('protocol_mismatch');
    const refusals = hub.refusals;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(hub.refusals).toBe(refusals);
  });

  it('reconnects when the hub ends the connection itself', async () => {
    const { hub, client } = await setup('display');
    await until(() => client.connection === 'online');
    hub.io.of('/display').disconnectSockets();
    await until(() => client.connection === 'offline');
    await until(() => client.connection === 'online');
    expect(hub.syncs).toHaveLength(2);
  });

  it('stops for good and says why when the hub ends the connection with a notice', async () => {
    for (const code of ['replaced', 'unauthorized'] as const) {
      const { hub, client } = await setup('display');
      await until(() => client.connection === 'online');
      const states: ConnectionState[] = [];
      client.onConnection((c) => states.push(c));
      for (const socket of hub.io.of('/display').sockets.values()) {
        socket.emit('ended', { code, message: 'told by the hub' });
        socket.disconnect(true);
      }
      await until(() => client.connection === 'refused');
      expect(client.refusal).toBe(code);
      // No reconnecting (the hub would take it): the client stays where the hub left it.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(states).toEqual(['refused']);
      expect(hub.syncs).toHaveLength(1);
      const outcome = await client.command('device_status', { state: 'ok', detail: '' });
      expect(outcome.ok ? 'ok' : outcome.error.code).toBe(code);
    }
  });

  it('ignores an end notice it does not know, and reconnects as after any disconnect', async () => {
    const { hub, client } = await setup('display');
    await until(() => client.connection === 'online');
    for (const socket of hub.io.of('/display').sockets.values()) {
      socket.emit('ended', { code: 'bored', message: '' });
      socket.disconnect(true);
    }
    await until(() => client.connection === 'offline');
    await until(() => client.connection === 'online');
    expect(client.refusal).toBeNull();
    expect(hub.syncs).toHaveLength(2);
  });

  it('fails waiting commands with client_closed when closed', async () => {
    const { hub, client } = await setup('kiosk', { ackTimeoutMs: 1_000 });
    await until(() => client.connection === 'online');
    hub.silent = true;
    const pending = client.command('issue_ticket', {
      itinerary: [{ serviceIds: ['marriage'] }],
      class: 'normal',
    });
    await until(() => hub.received.length === 1);
    client.close();
    const outcome = await pending;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('client_closed');
    expect(client.connection).toBe('offline');
  });

  it('makes v4 UUIDs that pass as commandIds', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newCommandId()));
    expect(ids.size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

// Compile-time: the event maps type Socket.IO's own server and client sockets.
export function typedSockets(
  server: Server<KioskClientEvents, ServerToClientEvents>,
  client: ClientSocket<ServerToClientEvents, ClientToServerEvents<'kiosk'>>,
): void {
  server.of('/kiosk').on('connection', (socket) => {
    socket.on('issue_ticket', (message, ack) => {
      const steps: number = message.itinerary.length;
      ack({ ok: false, error: { code: 'quota_reached', message: String(steps) } });
    });
  });
  client.emit('issue_ticket', { commandId: 'abcdefgh', itinerary: [], class: 'normal' }, (ack) => {
    if (ack.ok) expect(ack.result.ticket.number).toBeTypeOf('string');
  });
  client.on('batch', (batch) => expect(batch.from).toBeTypeOf('number'));
  // @ts-expect-error -- a kiosk cannot call
  client.emit('call_next', { commandId: 'abcdefgh' }, () => undefined);
  void ioClient;
}
