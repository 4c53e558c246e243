import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { HallState, SequencedEvent, SyncResult } from '@onestop/shared';
import { PROTOCOL_VERSION } from '@onestop/shared';
import { Hub, restoreDatabase } from '@onestop/hub';
import { HubTestHall, waitFor } from './support/hall.js';

let hall: HubTestHall;
/** Folders to remove once the hub is closed. */
const folders: string[] = [];
afterEach(async () => {
  await hall.close();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Issues tickets through the hub directly, as if kiosks were busy while a display was away. */
function issueDirectly(n: number, hub: Hub = hall.hub, service?: string): void {
  for (let i = 0; i < n; i++) {
    const outcome = hub.execute({ kind: 'system' }, 'test', null, {
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [service ?? (i % 2 ? 'tax' : 'social')] }],
      class: 'normal',
      appointment: null,
      accessToken: `t${i}`,
    });
    if (!outcome.ok) throw new Error(outcome.error.code);
    hub.publish(outcome.events);
  }
}

/** The board as a display shows it: each ticket's number, service and status. */
function board(state: Readonly<HallState> | null): string[] {
  return [...(state?.tickets.values() ?? [])]
    .map((t) => `${t.number} ${t.serviceId} ${t.status}`)
    .sort();
}

describe('resync', () => {
  it('gives a client cut off while events happen all of them, in order, marked as replayed', async () => {
    hall = await HubTestHall.start();
    const display = await hall.client('display', await hall.pair('display'));
    const live: number[] = [];
    const replayed: number[] = [];
    display.onEvents((events, info) =>
      (info.replayed ? replayed : live).push(...events.map((e) => e.seq)),
    );
    issueDirectly(3);
    await waitFor(() => live.length === 3, 5_000, 'three live events');
    const before = hall.hub.store.lastSeq();

    await hall.offline(async () => {
      await waitFor(() => display.connection === 'offline', 5_000, 'the display to notice');
      issueDirectly(12);
    });
    await waitFor(
      () => display.lastSeq === hall.hub.store.lastSeq(),
      10_000,
      'the display to catch up',
    );

    expect(replayed).toEqual(Array.from({ length: 12 }, (_, i) => before + i + 1));
    expect(display.state?.tickets.size).toBe(15);
    expect(display.state?.issuedCount).toBe(hall.hub.current.issuedCount);
  });

  it('gives a client too far behind a snapshot instead', async () => {
    hall = await HubTestHall.start({ catchUpLimit: 5 });
    const display = await hall.client('display', await hall.pair('display'));
    const replayed: SequencedEvent[] = [];
    display.onEvents((events, info) => info.replayed && replayed.push(...events));
    await hall.offline(async () => {
      await waitFor(() => display.connection === 'offline', 5_000, 'the display to notice');
      issueDirectly(8);
    });
    await waitFor(
      () => display.lastSeq === hall.hub.store.lastSeq(),
      10_000,
      'the display to catch up',
    );
    expect(replayed).toEqual([]); // a snapshot replaces the mirror; no event is replayed one by one
    expect(display.state?.tickets.size).toBe(8);
    expect([...(display.state?.tickets.values() ?? [])].map((t) => t.accessToken)).toEqual(
      Array(8).fill(''),
    );
  });

  it('gives a client that was away across a restore the restored hall, not its old numbers', async () => {
    const first = await HubTestHall.start();
    hall = first;
    const display = await hall.client('display', await hall.pair('display'));
    issueDirectly(3);
    await waitFor(() => display.lastSeq === first.hub.store.lastSeq(), 5_000, 'three tickets');
    const backups = mkdtempSync(join(tmpdir(), 'onestop-resync-'));
    folders.push(backups, dirname(first.dbPath));
    const backup = await first.hub.store.backup(backups);
    const historyBefore = first.hub.store.historyId();
    issueDirectly(3); // seen by the display, lost by the restore
    await waitFor(() => display.lastSeq === first.hub.store.lastSeq(), 5_000, 'three more');
    const seenSeq = display.lastSeq;

    // The hub stops; the display goes on trying to reconnect.
    const port = first.server.port;
    await first.server.close();
    first.hub.close();
    await waitFor(() => display.connection === 'offline', 5_000, 'the display to notice');
    const restored = restoreDatabase(first.dbPath, backup);
    expect(restored.historyId).not.toBeNull();
    expect(restored.historyId).not.toBe(historyBefore);

    // Before the devices are back the restored hub numbers other events past the display's
    // lastSeq: the same sequence numbers, other tickets (numbers reissued for another service).
    const offline = Hub.open({ dbPath: first.dbPath });
    expect(offline.store.historyId()).toBe(restored.historyId);
    issueDirectly(5, offline, 'tax');
    expect(offline.store.lastSeq()).toBeGreaterThan(seenSeq);
    offline.close();

    hall = await HubTestHall.start({ dbPath: first.dbPath, port });
    hall.clients.push(display);
    await waitFor(
      () => display.connection === 'online' && display.lastSeq === hall.hub.store.lastSeq(),
      20_000,
      'the display to come back',
    );
    expect(board(display.state)).toEqual(board(hall.hub.current));
    expect(display.history).toBe(restored.historyId);
    expect(display.state?.tickets.size).toBe(8);
  });

  it('answers sync with the events after lastSeq, or a snapshot for 0 or a seq from the future', async () => {
    hall = await HubTestHall.start();
    const token = await hall.pair('display');
    issueDirectly(4);
    const last = hall.hub.store.lastSeq();
    const socket = io(`${hall.url}/display`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { protocolVersion: PROTOCOL_VERSION, token },
    });
    try {
      const sync = (lastSeq: number) =>
        socket.timeout(5_000).emitWithAck('sync', { lastSeq }) as Promise<SyncResult>;
      const some = await sync(last - 2);
      expect(some.ok && some.result.kind).toBe('events');
      if (some.ok && some.result.kind === 'events') {
        expect(some.result.batch.from).toBe(last - 1);
        expect(some.result.batch.to).toBe(last);
        expect(some.result.batch.events.map((e) => e.seq)).toEqual([last - 1, last]);
      }
      const none = await sync(last);
      expect(none.ok && none.result.kind === 'events' && none.result.batch.events).toEqual([]);
      for (const lastSeq of [0, last + 100]) {
        const fresh = await sync(lastSeq);
        expect(fresh.ok && fresh.result.kind).toBe('snapshot');
        if (fresh.ok && fresh.result.kind === 'snapshot')
          expect(fresh.result.snapshot.seq).toBe(last);
      }
    } finally {
      socket.close();
    }
  });
});
