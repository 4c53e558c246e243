import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import {
  CELL,
  CONTROL_CELLS,
  checkpointWorkerSource,
  WORKER_STATE,
  type CheckpointWorkerData,
  type CheckpointWorkerMessage,
} from './checkpoint-worker.js';

/**
 * Who moves the WAL's pages into the database file (a checkpoint):
 * - `worker`: a `worker_threads` worker with its own connection, off the event loop; the hub's
 *   connection never checkpoints on its own (`wal_autocheckpoint=0`);
 * - `inline`: SQLite's automatic checkpoint, inside the `COMMIT` that takes the WAL past
 *   `WAL_CHECKPOINT_PAGES`, on the event loop.
 * A checkpoint is never needed for durability: a commit is durable once its frames are synced
 * in the WAL, and opening the database after any crash replays what the WAL holds.
 */
export type CheckpointMode = 'worker' | 'inline';

export const CHECKPOINT_MODES: readonly CheckpointMode[] = ['worker', 'inline'];

/** Who checkpoints unless `StoreOptions.checkpoint` / `HubOptions.checkpoint` says. */
export const DEFAULT_CHECKPOINT: CheckpointMode = 'inline';

/** WAL frames (pages) past which a checkpoint runs: SQLite's own default, either way. */
export const WAL_CHECKPOINT_PAGES = 1000;

/** How often the worker looks at the WAL (a read of 136 bytes of the `-shm` file). */
const DEFAULT_POLL_MS = 50;

/** How long the hub waits for a checkpoint under way (to hold them, or to stop the worker). */
const WAIT_LIMIT_MS = 10_000;

export interface CheckpointWorkerOptions {
  /** `WAL_CHECKPOINT_PAGES` unless given. */
  pages?: number;
  /** `DEFAULT_POLL_MS` unless given. */
  pollMs?: number;
}

/** What the worker is doing, as the hub sees it. */
export type CheckpointerState = 'worker' | 'fallen_back' | 'stopped';

/**
 * The hub's side of the checkpoint worker (checkpoint-worker.ts). Shares a small control array
 * with it: the worker's state, a hold the hub takes around its own checkpoints (a backup, a
 * day's ID cards dropped), the stop, and counts for tests.
 *
 * If the worker dies (an exception, a failed open, terminated), the hub says so on stderr and
 * sets `wal_autocheckpoint` back on its own connection: SQLite's automatic checkpoint, on the
 * event loop, so the WAL never grows without bound.
 */
export class CheckpointWorker {
  private readonly control: Int32Array;
  private readonly worker: Worker;
  private stopping = false;
  private fellBack = false;

  /**
   * Starts the worker for the database at `path` and turns off the automatic checkpoint of
   * `db`, the hub's writing connection.
   */
  constructor(
    private readonly db: Database.Database,
    path: string,
    options: CheckpointWorkerOptions = {},
  ) {
    const control = new SharedArrayBuffer(CONTROL_CELLS * Int32Array.BYTES_PER_ELEMENT);
    this.control = new Int32Array(control);
    const data: CheckpointWorkerData = {
      path,
      sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
      control,
      pages: options.pages ?? WAL_CHECKPOINT_PAGES,
      pollMs: options.pollMs ?? DEFAULT_POLL_MS,
    };
    db.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(checkpointWorkerSource(), { eval: true, workerData: data });
    // The worker never keeps the process alive; the store stops it at close.
    this.worker.unref();
    this.worker.on('message', (message: unknown) => {
      const said = (message as Partial<CheckpointWorkerMessage> | null)?.error;
      const why = typeof said === 'string' ? said : JSON.stringify(message);
      console.error(`onestop-hub: the checkpoint worker failed: ${why}`);
    });
    this.worker.on('error', (err) => {
      console.error(`onestop-hub: the checkpoint worker failed: ${String(err)}`);
    });
    this.worker.on('exit', (code) => {
      Atomics.store(this.control, CELL.state, WORKER_STATE.stopped);
      Atomics.notify(this.control, CELL.state);
      if (!this.stopping) this.fallBack(code);
    });
  }

  /** `worker` while it runs, `fallen_back` once it died, `stopped` after `stop`. */
  get state(): CheckpointerState {
    if (this.fellBack) return 'fallen_back';
    return this.stopping ? 'stopped' : 'worker';
  }

  /** Checkpoints the worker has made, and the frames the last one moved. */
  get made(): { count: number; lastFrames: number } {
    return {
      count: Atomics.load(this.control, CELL.count),
      lastFrames: Atomics.load(this.control, CELL.lastFrames),
    };
  }

  /**
   * Runs `fn` (a checkpoint on the hub's connection: it would find the checkpoint lock taken and
   * do nothing) with the worker held: waits for a checkpoint under way to end, and the worker
   * starts none until `fn` returns. Never two checkpoints at once.
   */
  exclusive<T>(fn: () => T): T {
    Atomics.add(this.control, CELL.hold, 1);
    try {
      this.waitWhile(WORKER_STATE.running);
      return fn();
    } finally {
      Atomics.sub(this.control, CELL.hold, 1);
    }
  }

  /**
   * Stops the worker and waits until its connection is closed, so the hub's connection closes
   * last (and checkpoints what is left). Stopping twice is harmless.
   */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    Atomics.store(this.control, CELL.stop, 1);
    Atomics.notify(this.control, CELL.stop);
    // Not yet begun: it will see the stop and open nothing.
    if (
      Atomics.compareExchange(
        this.control,
        CELL.state,
        WORKER_STATE.booting,
        WORKER_STATE.stopped,
      ) === WORKER_STATE.booting
    ) {
      return;
    }
    this.waitWhile(WORKER_STATE.idle, WORKER_STATE.running);
  }

  /** Tests only: ends the worker as a crash would, without a stop; resolves once it is gone. */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }

  /** Blocks (the worker's own thread goes on) while the worker's state is one of `states`. */
  private waitWhile(...states: number[]): void {
    const until = performance.now() + WAIT_LIMIT_MS;
    for (;;) {
      const state = Atomics.load(this.control, CELL.state);
      const left = until - performance.now();
      if (!states.includes(state) || left <= 0) return;
      Atomics.wait(this.control, CELL.state, state, left);
    }
  }

  private fallBack(code: number): void {
    this.fellBack = true;
    console.error(
      `onestop-hub: the checkpoint worker stopped (exit code ${code}); the hub checkpoints on ` +
        `its own connection from now on (every ${WAL_CHECKPOINT_PAGES} WAL pages).`,
    );
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  }
}
