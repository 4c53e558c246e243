import { existsSync, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WAL_CHECKPOINT_PAGES } from './checkpoints.js';
import { Store } from './store.js';
import { issueTickets, tempDir, type TempDir } from './test-helpers.js';

let tmp: TempDir;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  vi.restoreAllMocks();
  tmp.remove();
});

/** The test's threshold: small, so a few dozen commits cross it. */
const PAGES = 40;

/** The wal-index header (https://sqlite.org/walformat.html): frames in the WAL, and backfilled. */
function walIndex(path: string): { mxFrame: number; backfilled: number } {
  const bytes = readFileSync(`${path}-shm`).subarray(0, 136);
  const words = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 136));
  return { mxFrame: words[4] ?? 0, backfilled: words[24] ?? 0 };
}

async function until(what: string, done: () => boolean): Promise<void> {
  const give = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > give) throw new Error(`waited too long for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Commits tickets until the WAL holds at least `frames` frames not yet checkpointed. */
function writeFrames(store: Store, frames: number, from: number): number {
  let next = from;
  const pending = (): number => {
    const { mxFrame, backfilled } = walIndex(store.path);
    return mxFrame - backfilled;
  };
  while (pending() < frames) {
    issueTickets(store, 1, next);
    next += 1;
  }
  return next;
}

function ticketRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('the checkpoint worker', () => {
  it('checkpoints past its pages, so the WAL is reused from its start, never the hub', async () => {
    const path = tmp.file('hall.sqlite');
    const store = Store.open(path, {
      checkpoint: 'worker',
      checkpointWorker: { pages: PAGES, pollMs: 2 },
    });
    const worker = store.checkpointWorker;
    if (!worker) throw new Error('no checkpoint worker');
    expect(store.connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    let next = 1;
    const rounds = 6;
    for (let round = 1; round <= rounds; round++) {
      next = writeFrames(store, PAGES, next);
      await until(`checkpoint ${round}`, () => worker.made.count >= round);
    }
    expect(worker.made.lastFrames).toBeGreaterThanOrEqual(PAGES);
    // Each round's frames (at least PAGES) went into the database, and the next round wrote
    // the WAL from its start again: the file holds about one round, not all of them.
    const pageSize = Number(store.connection.pragma('page_size', { simple: true }));
    const walBytes = statSync(`${path}-wal`).size;
    expect(walBytes).toBeLessThan(2 * (PAGES + 20) * (pageSize + 24));
    // The hub's own checkpoint (a backup's) waits for the worker's and finds nothing held.
    const own = store.checkpoint();
    expect(own.busy).toBe(0);
    expect(own.checkpointedFrames).toBe(own.walFrames);
    store.close();
    expect(worker.state).toBe('stopped');
  });

  it('is stopped at close, and the close leaves every commit in the database file', () => {
    const path = tmp.file('hall.sqlite');
    const store = Store.open(path, { checkpoint: 'worker', checkpointWorker: { pollMs: 2 } });
    // Fewer frames than the worker's threshold: only the close can checkpoint them.
    issueTickets(store, 20);
    expect(walIndex(path).mxFrame).toBeGreaterThan(walIndex(path).backfilled);
    expect(walIndex(path).mxFrame).toBeLessThan(WAL_CHECKPOINT_PAGES);
    store.close();
    expect(store.checkpointWorker?.state).toBe('stopped');
    // The hub's connection closed last: it checkpointed and removed the WAL.
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(ticketRows(path)).toBe(20);
  });

  it('stops cleanly when the store closes before the worker has begun', () => {
    const path = tmp.file('hall.sqlite');
    const store = Store.open(path, { checkpoint: 'worker' });
    issueTickets(store, 3);
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(ticketRows(path)).toBe(3);
  });

  it('when the worker dies, the hub says so and checkpoints on its own connection', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const path = tmp.file('hall.sqlite');
    const store = Store.open(path, {
      checkpoint: 'worker',
      checkpointWorker: { pages: 1_000_000, pollMs: 2 },
    });
    const worker = store.checkpointWorker;
    if (!worker) throw new Error('no checkpoint worker');
    await worker.kill();
    await until('the fallback', () => worker.state === 'fallen_back');
    expect(String(errors.mock.calls.at(-1)?.[0])).toMatch(/checkpoint worker stopped/);
    expect(store.connection.pragma('wal_autocheckpoint', { simple: true })).toBe(
      WAL_CHECKPOINT_PAGES,
    );
    // SQLite's automatic checkpoint runs again: past 1,000 frames the WAL starts over.
    let next = writeFrames(store, WAL_CHECKPOINT_PAGES - 10, 1);
    const top = walIndex(path).mxFrame;
    while (walIndex(path).mxFrame >= top) {
      issueTickets(store, 1, next);
      next += 1;
    }
    expect(walIndex(path).mxFrame).toBeLessThan(top);
    store.close();
    expect(ticketRows(path)).toBe(next - 1);
  });

  it('is not started for the maintenance commands (inline unless asked)', () => {
    const store = Store.open(tmp.file('hall.sqlite'));
    expect(store.checkpointWorker).toBeNull();
    expect(store.connection.pragma('wal_autocheckpoint', { simple: true })).toBe(
      WAL_CHECKPOINT_PAGES,
    );
    store.close();
  });
});
