import { fdatasync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_HALL, Durability, Hub, type SyncFile } from '@onestop/hub';
import { HubTestHall, issueTax as issue } from './support/hall.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-durability-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A real fdatasync, held back until the test lets it run. */
function heldSync(): { syncFile: SyncFile; started: () => number; release: () => void } {
  const held: (() => void)[] = [];
  let started = 0;
  return {
    syncFile: (fd, done) => {
      started += 1;
      held.push(() => fdatasync(fd, done));
    },
    started: () => started,
    release: () => {
      for (const run of held.splice(0)) run();
    },
  };
}

/** Waits (polling) until `check` holds: a real fdatasync ends on libuv's thread pool. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A Durability on a stand-in `-wal` file, its sync held back, and what it released. */
function heldDurability(): {
  sync: ReturnType<typeof heldSync>;
  durability: Durability;
  released: number[];
} {
  const wal = join(dir, 'x-wal');
  writeFileSync(wal, 'frames');
  const sync = heldSync();
  const durability = new Durability(wal, { mode: 'async', syncFile: sync.syncFile });
  return { sync, durability, released: [] };
}

const kiosk = { kind: 'system' } as const;

describe('Durability', () => {
  it('releases commits in order, two committed during one sync together by the next', async () => {
    const { sync, durability, released } = heldDurability();
    durability.afterCommit(() => released.push(1));
    expect(sync.started()).toBe(1);
    durability.afterCommit(() => released.push(2));
    durability.afterCommit(() => released.push(3));
    // One sync at a time: the commits made while it runs wait for the next.
    expect(sync.started()).toBe(1);
    expect(released).toEqual([]);
    sync.release();
    await until(() => released.length > 0);
    expect(released).toEqual([1]);
    expect(sync.started()).toBe(2);
    const all = durability.whenDurable();
    sync.release();
    await all;
    expect(released).toEqual([1, 2, 3]);
    expect(durability.settled).toBe(true);
    durability.close();
  });

  it('stops on a failed sync without releasing anything it held', async () => {
    const wal = join(dir, 'x-wal');
    writeFileSync(wal, 'frames');
    const failures: unknown[] = [];
    const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    const durability = new Durability(wal, {
      mode: 'async',
      syncFile: (_fd, done) => setImmediate(() => done(eio)),
      onFatal: (err) => failures.push(err),
    });
    const released: number[] = [];
    durability.afterCommit(() => released.push(1));
    durability.afterCommit(() => released.push(2));
    await until(() => failures.length > 0);
    expect(failures).toEqual([eio]);
    durability.afterCommit(() => released.push(3));
    await turns(3);
    // Never acknowledged, and no second sync tried: the process ends (failStop) in the hub.
    expect(released).toEqual([]);
    expect(failures).toHaveLength(1);
    durability.close();
  });

  it('releases everything at once when a commit synced the WAL itself', () => {
    const { durability, released } = heldDurability();
    durability.afterCommit(() => released.push(1));
    durability.afterCommit(() => released.push(2));
    durability.syncedInline();
    expect(released).toEqual([1, 2]);
    durability.close();
  });
});

describe('the hub with durability async', () => {
  it("holds a command's ack and broadcast until the WAL is synced; close syncs the rest", async () => {
    const sync = heldSync();
    const dbPath = join(dir, 'hall.sqlite');
    const hub = Hub.open({
      dbPath,
      config: DEMO_HALL,
      durability: 'async',
      syncFile: sync.syncFile,
    });
    hub.rollDay();
    const seen: number[][] = [];
    hub.onEvents((events) => seen.push(events.map((e) => e.seq)));
    const seq = hub.store.lastSeq();
    let answered = 0;
    const first = hub.submit(kiosk, 'k', 'a', issue('a')).then(() => (answered += 1));
    await turns(3);
    // Committed (in the log) but not yet durable: nothing answered, nothing broadcast.
    expect(hub.store.lastSeq()).toBe(seq + 1);
    expect(sync.started()).toBe(1);
    // Two more groups committed while the first sync runs.
    const second = hub.submit(kiosk, 'k', 'b', issue('b')).then(() => (answered += 1));
    await turns(3);
    const third = hub.submit(kiosk, 'k', 'c', issue('c')).then(() => (answered += 1));
    await turns(3);
    expect(hub.store.lastSeq()).toBe(seq + 3);
    expect([answered, seen.length, sync.started()]).toEqual([0, 0, 1]);
    sync.release();
    await first;
    await turns(3);
    expect(answered).toBe(1);
    expect(seen).toEqual([[seq + 1]]);
    // The next sync covers both groups committed meanwhile: released together, in order.
    expect(sync.started()).toBe(2);
    sync.release();
    await Promise.all([second, third]);
    await turns(3);
    expect(answered).toBe(3);
    expect(seen).toEqual([[seq + 1], [seq + 2], [seq + 3]]);
    // A group still held when the hub closes is synced and answered by the close.
    const last = hub.submit(kiosk, 'k', 'd', issue('d'));
    await turns(3);
    hub.close();
    expect((await last).ok).toBe(true);
    const again = Hub.open({ dbPath, durability: 'async' });
    expect(again.store.lastSeq()).toBe(seq + 4);
    again.close();
  });

  it("keeps a client's sync answer until what it shows is on the disk", async () => {
    const sync = heldSync();
    const hall = await HubTestHall.start({
      dbPath: join(dir, 'hall.sqlite'),
      syncFile: sync.syncFile,
    });
    try {
      hall.hub.rollDay();
      const token = await hall.pair('display');
      void hall.hub.submit(kiosk, 'k', 'a', issue('a'));
      await turns(3);
      let online = false;
      const client = hall.client('display', token).then((c) => {
        online = true;
        return c;
      });
      // Long enough for a connection and a sync on 127.0.0.1 many times over.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(online).toBe(false);
      const lastSeq = hall.hub.store.lastSeq();
      sync.release();
      const display = await client;
      expect(display.lastSeq).toBe(lastSeq);
    } finally {
      sync.release();
      await hall.close();
    }
  });
});
