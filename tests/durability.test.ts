import { fdatasync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_HALL, Durability, Hub, MAX_SYNCS_IN_FLIGHT, type SyncFile } from '@onestop/hub';
import { HubTestHall, issueTax as issue } from './support/hall.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-durability-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A real fdatasync, held back until the test lets it run (all, or the nth started, from 1). */
function heldSync(): {
  syncFile: SyncFile;
  started: () => number;
  release: () => void;
  releaseNth: (n: number) => void;
  /** What each sync that ended returned (null: done), in the order they ended. */
  ended: (NodeJS.ErrnoException | null)[];
} {
  const held = new Map<number, () => void>();
  const ended: (NodeJS.ErrnoException | null)[] = [];
  let started = 0;
  return {
    syncFile: (fd, done) => {
      started += 1;
      held.set(started, () =>
        fdatasync(fd, (err) => {
          ended.push(err);
          done(err);
        }),
      );
    },
    started: () => started,
    ended,
    release: () => {
      const runs = [...held.values()];
      held.clear();
      for (const run of runs) run();
    },
    releaseNth: (n) => {
      const run = held.get(n);
      held.delete(n);
      run?.();
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
function heldDurability(syncsInFlight?: number): {
  sync: ReturnType<typeof heldSync>;
  durability: Durability;
  released: number[];
} {
  const wal = join(dir, 'x-wal');
  writeFileSync(wal, 'frames');
  const sync = heldSync();
  const durability = new Durability(wal, {
    mode: 'async',
    syncFile: sync.syncFile,
    ...(syncsInFlight === undefined ? {} : { syncsInFlight }),
  });
  return { sync, durability, released: [] };
}

const kiosk = { kind: 'system' } as const;

describe('Durability', () => {
  it('one sync at a time: releases in order, two committed during one sync by the next', async () => {
    const { sync, durability, released } = heldDurability(1);
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

  it('starts a second sync at once for a commit made during one; the later one may end first', async () => {
    const { sync, durability, released } = heldDurability();
    expect(MAX_SYNCS_IN_FLIGHT).toBe(2);
    durability.afterCommit(() => released.push(1));
    expect(sync.started()).toBe(1);
    // Made while sync 1 runs: it does not wait for sync 1 to end, sync 2 starts at once.
    durability.afterCommit(() => released.push(2));
    expect(sync.started()).toBe(2);
    // Two under way: the next commit waits for one of them to end.
    durability.afterCommit(() => released.push(3));
    expect(sync.started()).toBe(2);
    // Sync 2 ends first: it began after commits 1 and 2, so both are on the disk, in order;
    // sync 3 starts for commit 3.
    sync.releaseNth(2);
    await until(() => released.length > 0);
    expect(released).toEqual([1, 2]);
    expect(sync.started()).toBe(3);
    // Sync 1 ending now adds nothing; commit 3 waits for sync 3, which began after it.
    sync.releaseNth(1);
    await until(() => sync.ended.length === 2);
    await turns(3);
    expect(released).toEqual([1, 2]);
    expect(sync.started()).toBe(3);
    const all = durability.whenDurable();
    sync.releaseNth(3);
    await all;
    expect(released).toEqual([1, 2, 3]);
    expect(durability.settled).toBe(true);
    durability.close();
  });

  it('keeps the descriptor open while a sync uses it, whichever ends last after close', async () => {
    const { sync, durability, released } = heldDurability();
    durability.afterCommit(() => released.push(1));
    durability.afterCommit(() => released.push(2));
    expect(sync.started()).toBe(2);
    // The hub's close: everything made durable on the event loop, then the file let go of.
    durability.syncNow();
    expect(released).toEqual([1, 2]);
    durability.close();
    // Both syncs still under way run on the descriptor (a closed one: EBADF) and end.
    sync.release();
    await until(() => sync.ended.length === 2);
    expect(sync.ended).toEqual([null, null]);
    expect(released).toEqual([1, 2]);
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
    // Three more groups committed while the first sync runs: the first of them starts a second
    // sync at once, the others wait for one of the two to end.
    const second = hub.submit(kiosk, 'k', 'b', issue('b')).then(() => (answered += 1));
    await turns(3);
    expect(sync.started()).toBe(2);
    const third = hub.submit(kiosk, 'k', 'c', issue('c')).then(() => (answered += 1));
    await turns(3);
    const fourth = hub.submit(kiosk, 'k', 'c2', issue('c2')).then(() => (answered += 1));
    await turns(3);
    expect(hub.store.lastSeq()).toBe(seq + 4);
    expect([answered, seen.length, sync.started()]).toEqual([0, 0, 2]);
    sync.releaseNth(1);
    await first;
    await turns(3);
    expect(answered).toBe(1);
    expect(seen).toEqual([[seq + 1]]);
    // The next sync began after the three groups committed meanwhile: when it ends they are
    // all on the disk (before the second sync ends) and released together, in order.
    expect(sync.started()).toBe(3);
    sync.releaseNth(3);
    await Promise.all([second, third, fourth]);
    await turns(3);
    expect(answered).toBe(4);
    expect(seen).toEqual([[seq + 1], [seq + 2], [seq + 3], [seq + 4]]);
    sync.releaseNth(2);
    // A group still held when the hub closes is synced and answered by the close.
    const last = hub.submit(kiosk, 'k', 'd', issue('d'));
    await turns(3);
    hub.close();
    expect((await last).ok).toBe(true);
    const again = Hub.open({ dbPath, durability: 'async' });
    expect(again.store.lastSeq()).toBe(seq + 5);
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
