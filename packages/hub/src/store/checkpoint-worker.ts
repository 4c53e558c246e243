import type * as Fs from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The checkpoint worker's side (see checkpoints.ts for the hub's side and the design). It runs in
 * a `worker_threads` worker started from its source text (`checkpointWorkerSource`), so the same
 * code runs from the TypeScript sources (tests), from dist/ and from the packed hub's single
 * bundled file, with no second file to find on the disk. It therefore uses nothing but its
 * arguments: no import is in scope when it runs.
 */

/** Cells of the shared control array (an `Int32Array` on a `SharedArrayBuffer`). */
export const CELL = {
  /** The worker's state, one of `WORKER_STATE`. */
  state: 0,
  /** > 0 while the hub runs a checkpoint of its own: the worker starts none meanwhile. */
  hold: 1,
  /** 1 once the hub asked the worker to stop. */
  stop: 2,
  /** Checkpoints the worker made, and the frames the last one moved into the database. */
  count: 3,
  lastFrames: 4,
} as const;

export const CONTROL_CELLS = 5;

export const WORKER_STATE = {
  /** Started, its connection not yet opened. */
  booting: 0,
  /** Its connection open, looking at the WAL. */
  idle: 1,
  /** A checkpoint under way. */
  running: 2,
  /** Stopped: its connection closed (or never opened). */
  stopped: 3,
} as const;

export interface CheckpointWorkerData {
  /** The database file. */
  path: string;
  /** Where better-sqlite3 is (resolved by the hub: the worker has no module of its own to resolve from). */
  sqlite: string;
  control: SharedArrayBuffer;
  /** Start a checkpoint once the WAL holds this many frames not yet in the database. */
  pages: number;
  /** How often the worker looks at the WAL's size, in milliseconds. */
  pollMs: number;
}

/** What the worker posts to the hub: why it is stopping on its own. */
export interface CheckpointWorkerMessage {
  error: string;
}

/**
 * The worker's loop: opens its own connection to the database, then every `pollMs` reads how
 * many frames the WAL holds beyond those already checkpointed, from the wal-index header in the
 * `-shm` file (https://sqlite.org/walformat.html: `mxFrame` at byte 16, `nBackfill` at byte 96,
 * in the machine's byte order), and past `pages` runs `wal_checkpoint(PASSIVE)`: it copies the
 * committed frames into the database without waiting for (or blocking) the hub's writer or its
 * readers. One at a time (this loop), none while the hub holds checkpoints (`CELL.hold`).
 * Stops at `CELL.stop`, closing its connection, which is then not the last one and so
 * checkpoints nothing itself: the hub's connection, closing last, does the final checkpoint.
 */
export function checkpointWorkerMain(
  threads: typeof WorkerThreads,
  fs: typeof Fs,
  Database: typeof BetterSqlite3,
): void {
  const data = threads.workerData as CheckpointWorkerData;
  const control = new Int32Array(data.control);
  const set = (state: number): void => {
    Atomics.store(control, 0, state);
    Atomics.notify(control, 0);
  };
  // Stopped before it even began (a hub opened and closed at once): nothing to open.
  if (Atomics.compareExchange(control, 0, 0, 1) !== 0) return;
  let db: BetterSqlite3.Database | null = null;
  let shm: number | null = null;
  try {
    db = new Database(data.path, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    // A checkpoint syncs the WAL before it copies and the database after.
    db.pragma('synchronous = FULL');
    db.pragma('wal_autocheckpoint = 0');
    const mode: unknown = db.pragma('journal_mode', { simple: true });
    if (mode !== 'wal') throw new Error(`the database is not in WAL mode (${String(mode)})`);
    shm = fs.openSync(`${data.path}-shm`, 'r');
    // Buffer.alloc has its own memory at offset 0: the words read in the machine's byte order.
    const header = Buffer.alloc(136);
    const words = new Uint32Array(header.buffer, header.byteOffset, 34);
    const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    while (Atomics.load(control, 2) === 0) {
      Atomics.wait(control, 2, 0, data.pollMs);
      if (Atomics.load(control, 2) !== 0) break;
      header.fill(0);
      fs.readSync(shm, header, 0, 136, 0);
      const version = words[0] ?? 0;
      if (version !== 0 && version !== 3007000) {
        throw new Error(`unknown wal-index version ${version} in ${data.path}-shm`);
      }
      const mxFrame = words[4] ?? 0;
      const backfilled = words[24] ?? 0;
      if (mxFrame <= backfilled || mxFrame - backfilled < data.pages) continue;
      if (Atomics.compareExchange(control, 0, 1, 2) !== 1) continue;
      try {
        // Taken after the state said `running`: the hub, holding, waits for it to end.
        if (Atomics.load(control, 1) > 0) continue;
        let row = checkpoint.get() as { busy: number; log: number; checkpointed: number };
        // The hub's writer starts the WAL again from its start only once every frame in it is
        // in the database. Frames it wrote during this checkpoint are copied by a few more
        // (shorter) passes, so that it can, rather than growing the file.
        for (let pass = 1; pass < 4 && row.busy === 0 && row.log > row.checkpointed; pass++) {
          if (Atomics.load(control, 1) > 0 || Atomics.load(control, 2) !== 0) break;
          row = checkpoint.get() as { busy: number; log: number; checkpointed: number };
        }
        if (row.checkpointed >= 0) {
          Atomics.add(control, 3, 1);
          Atomics.store(control, 4, row.checkpointed);
        }
      } finally {
        set(1);
      }
    }
  } catch (err) {
    threads.parentPort?.postMessage({
      error: err instanceof Error ? err.message : String(err),
    } satisfies CheckpointWorkerMessage);
  } finally {
    if (shm !== null) fs.closeSync(shm);
    db?.close();
    set(3);
  }
}

/**
 * The worker's whole program, run with `{ eval: true }`: `checkpointWorkerMain` as the
 * compiler left it, given Node's modules and better-sqlite3 (from the path in its data).
 */
export function checkpointWorkerSource(): string {
  return [
    "const threads = require('node:worker_threads');",
    `(${checkpointWorkerMain.toString()})(threads, require('node:fs'), require(threads.workerData.sqlite));`,
  ].join('\n');
}
