import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { Command, EndNotice, EventBatch, SyncResult } from '@onestop/shared';
import { PROTOCOL_VERSION } from '@onestop/shared';
import { hashSecret } from '@onestop/hub';
import { HubTestHall, waitFor } from './support/hall.js';

// The kiosks' and the displays' batches gathered into one message (server/sockets.ts
// `KIOSK_BATCH_MS`, `DISPLAY_BATCH_MS`, issue 19).

let hall: HubTestHall;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await hall.close();
});

/** Runs a command through the hub directly: its own commit and its own published batch. */
function runDirectly(command: Command): void {
  const outcome = hall.hub.execute({ kind: 'system' }, 'test', null, command);
  if (!outcome.ok) throw new Error(outcome.error.code);
  hall.hub.publish(outcome.events);
}

let issued = 0;
/** Issues tickets through the hub directly, each its own commit and its own published batch. */
function issueDirectly(n: number, serviceId?: string): void {
  for (let i = 0; i < n; i++) {
    runDirectly({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [serviceId ?? (i % 2 ? 'tax' : 'social')] }],
      class: 'normal',
      appointment: null,
      accessToken: `k${++issued}`,
    });
  }
}

interface Raw {
  socket: Socket;
  batches: EventBatch[];
  ended: EndNotice[];
  sync(lastSeq: number): Promise<SyncResult>;
}

/** A connected socket of `role` that records the batches pushed to it, synced by hand. */
async function raw(role: 'kiosk' | 'display', token: string): Promise<Raw> {
  const socket = io(`${hall.url}/${role}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { protocolVersion: PROTOCOL_VERSION, token },
  });
  sockets.push(socket);
  const batches: EventBatch[] = [];
  const ended: EndNotice[] = [];
  socket.on('batch', (batch: EventBatch) => batches.push(batch));
  socket.on('ended', (notice: EndNotice) => ended.push(notice));
  await waitFor(() => socket.connected, 10_000, `the ${role} socket to connect`);
  const sync = (lastSeq: number) =>
    socket.timeout(5_000).emitWithAck('sync', { lastSeq }) as Promise<SyncResult>;
  return { socket, batches, ended, sync };
}

const seqsOf = (batches: EventBatch[]) => batches.flatMap((b) => b.events.map((e) => e.seq));
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('kiosk batches', () => {
  it('sends a kiosk consecutive batches as one, contiguous and in order; with 0 a display each', async () => {
    hall = await HubTestHall.start({ kioskBatchMs: 200, displayBatchMs: 0 });
    const kiosk = await raw('kiosk', await hall.pair('kiosk'));
    const display = await raw('display', await hall.pair('display'));
    const before = hall.hub.store.lastSeq();
    issueDirectly(5);
    const last = hall.hub.store.lastSeq();
    await waitFor(() => kiosk.batches.length > 0, 5_000, 'the kiosk batch');
    await waitFor(() => seqsOf(display.batches).length === 5, 5_000, 'the display batches');

    expect(kiosk.batches).toHaveLength(1);
    expect(kiosk.batches[0]).toMatchObject({ from: before + 1, to: last });
    expect(seqsOf(kiosk.batches)).toEqual(range(before + 1, last));
    expect(display.batches).toHaveLength(5);
    expect(seqsOf(display.batches)).toEqual(range(before + 1, last));
  });

  it('sends each batch at once with 0', async () => {
    hall = await HubTestHall.start({ kioskBatchMs: 0 });
    const kiosk = await raw('kiosk', await hall.pair('kiosk'));
    const before = hall.hub.store.lastSeq();
    issueDirectly(4);
    await waitFor(() => seqsOf(kiosk.batches).length === 4, 5_000, 'the kiosk batches');
    expect(kiosk.batches).toHaveLength(4);
    expect(seqsOf(kiosk.batches)).toEqual(range(before + 1, before + 4));
  });

  it('gives a kiosk that syncs while batches are gathered each event once', async () => {
    hall = await HubTestHall.start({ kioskBatchMs: 3_000 });
    const first = await hall.client('kiosk', await hall.pair('kiosk'));
    const applied: number[] = [];
    const start = hall.hub.store.lastSeq();
    issueDirectly(3);
    const last = hall.hub.store.lastSeq();
    // Connected and synced while the three batches wait: its answer holds them already.
    const late = await raw('kiosk', await hall.pair('kiosk'));
    const answer = await late.sync(start);
    expect(answer.ok && answer.result.kind === 'events' && answer.result.batch.to).toBe(last);
    const client = await hall.client('kiosk', await hall.pair('kiosk'));
    client.onEvents((events) => applied.push(...events.map((e) => e.seq)));
    expect(client.lastSeq).toBe(last);
    expect(late.batches).toEqual([]);

    // The gathered batch overlaps what the sync gave: the mirror takes nothing twice.
    await waitFor(() => late.batches.length > 0, 10_000, 'the gathered batch');
    expect(late.batches[0]).toMatchObject({ from: start + 1, to: last });
    issueDirectly(2);
    await waitFor(() => client.lastSeq === last + 2, 10_000, 'the next batch');
    expect(applied).toEqual([last + 1, last + 2]);
    expect(client.state?.tickets.size).toBe(hall.hub.current.tickets.size);
    expect(first.lastSeq).toBe(last + 2);
    expect(first.state?.tickets.size).toBe(hall.hub.current.tickets.size);
  });

  it('checks the token when the batch leaves: a kiosk revoked meanwhile gets none of it', async () => {
    hall = await HubTestHall.start({ kioskBatchMs: 300 });
    const token = await hall.pair('kiosk');
    const kiosk = await raw('kiosk', token);
    const other = await raw('kiosk', await hall.pair('kiosk'));
    issueDirectly(2);
    // Revoked in the store only: no disconnect by the admin command, the send's check must see it.
    const device = hall.hub.store.deviceByTokenHash(hashSecret(token));
    if (!device) throw new Error('no device');
    hall.hub.store.revokeDevice(device.id, hall.hub.now());

    await waitFor(() => other.batches.length > 0, 5_000, 'the batch to the other kiosk');
    await waitFor(() => kiosk.ended.length > 0, 5_000, 'the revoked kiosk to be ended');
    expect(kiosk.ended[0]?.code).toBe('unauthorized');
    expect(kiosk.batches).toEqual([]);
    expect(seqsOf(other.batches)).toHaveLength(2);
  });
});

describe('display batches', () => {
  it('gathers what a display shows and sends it as one batch when its time is up', async () => {
    hall = await HubTestHall.start({ displayBatchMs: 300 });
    const display = await raw('display', await hall.pair('display'));
    const before = hall.hub.store.lastSeq();
    issueDirectly(4);
    const last = hall.hub.store.lastSeq();
    await waitFor(() => display.batches.length > 0, 5_000, 'the display batch');
    expect(display.batches).toHaveLength(1);
    expect(display.batches[0]).toMatchObject({ from: before + 1, to: last });
    expect(seqsOf(display.batches)).toEqual(range(before + 1, last));
  });

  it('sends a call at once, with what was gathered before it, and gathers again after it', async () => {
    // Far longer than the waits below: only the call can have sent the batch this soon.
    hall = await HubTestHall.start({ displayBatchMs: 20_000 });
    const display = await raw('display', await hall.pair('display'));
    const client = await hall.client('display', await hall.pair('display'));
    const before = hall.hub.store.lastSeq();
    runDirectly({ type: 'open_window', windowId: 'w1', staffCode: 'C01' });
    issueDirectly(3, 'biz-open');
    runDirectly({ type: 'call_next', windowId: 'w1' });
    const called = hall.hub.store.lastSeq();
    await waitFor(() => display.batches.length > 0, 5_000, 'the call');
    expect(display.batches).toHaveLength(1);
    expect(display.batches[0]).toMatchObject({ from: before + 1, to: called });
    expect(seqsOf(display.batches)).toEqual(range(before + 1, called));
    expect(display.batches[0]?.events.at(-1)?.type).toBe('ticket_called');
    await waitFor(() => client.lastSeq === called, 5_000, 'the mirror to hold the call');

    // A recall goes at once too; what comes after it is gathered again.
    runDirectly({ type: 'recall', windowId: 'w1' });
    const recalled = hall.hub.store.lastSeq();
    await waitFor(() => display.batches.length > 1, 5_000, 'the recall');
    expect(display.batches[1]).toMatchObject({ from: called + 1, to: recalled });
    issueDirectly(2, 'biz-open');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(display.batches).toHaveLength(2);
    expect(client.lastSeq).toBe(recalled);
  });

  it('sends each batch at once with 0', async () => {
    hall = await HubTestHall.start({ displayBatchMs: 0 });
    const display = await raw('display', await hall.pair('display'));
    const before = hall.hub.store.lastSeq();
    issueDirectly(3);
    await waitFor(() => seqsOf(display.batches).length === 3, 5_000, 'the display batches');
    expect(display.batches).toHaveLength(3);
    expect(seqsOf(display.batches)).toEqual(range(before + 1, before + 3));
  });
});
