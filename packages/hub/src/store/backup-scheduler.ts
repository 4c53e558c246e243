import { pruneBackups } from './backup-files.js';
import type { Store } from './store.js';

/** What the scheduler needs of the store (a Store, or anything that backs up the same way). */
export type BackupSource = Pick<Store, 'backup' | 'checkpoint'>;

export type BackupReason = 'scheduled' | 'day_close' | 'manual';

export interface BackupOutcome {
  reason: BackupReason;
  /** Path of the new backup. */
  file: string;
  /** Names of the old backups pruned after it. */
  removed: string[];
}

export interface BackupSchedulerOptions {
  /** Folder of the backups; made if missing. */
  dir: string;
  /** Minutes between scheduled backups (fractions allowed); 0: only at day close and on demand. */
  everyMinutes: number;
  /** Backups older than this many days are removed (the newest one always stays). */
  keepDays: number;
  /** Every failure ends here; the scheduler never throws into the event loop. */
  onError: (err: unknown, reason: BackupReason) => void;
  onBackup?: (outcome: BackupOutcome) => void;
  now?: () => number;
}

/**
 * Backs the store up on a schedule and when the day closes, prunes old backups and then
 * checkpoints the WAL so it stays bounded. Runs one at a time, in the order asked.
 */
export class BackupScheduler {
  private readonly store: BackupSource;
  private readonly opts: BackupSchedulerOptions;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  /** The tail of the queue of runs; each run waits for the one before. */
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(store: BackupSource, opts: BackupSchedulerOptions) {
    if (!(opts.everyMinutes >= 0)) {
      throw new RangeError(`everyMinutes must be >= 0, got ${opts.everyMinutes}`);
    }
    this.store = store;
    if (!(opts.keepDays >= 0)) throw new RangeError(`keepDays must be >= 0, got ${opts.keepDays}`);
    this.opts = opts;
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    if (this.timer || this.opts.everyMinutes === 0) return;
    this.timer = setInterval(() => {
      // A tick while a backup is still queued or running adds nothing: that one is recent.
      if (this.queued === 0) void this.runNow('scheduled');
    }, this.opts.everyMinutes * 60_000);
    // Backups alone never keep the hub process alive.
    this.timer.unref();
  }

  /**
   * Called by the hub once the day's close is committed, so the day's final state is kept.
   * Fire and forget: the outcome goes to `onBackup` / `onError`.
   */
  dayClosed(): void {
    void this.runNow('day_close');
  }

  /** Queues a backup; resolves to its outcome, or null when it failed (see `onError`). */
  runNow(reason: BackupReason = 'manual'): Promise<BackupOutcome | null> {
    this.queued += 1;
    const result = this.tail.then(() => this.runOnce(reason));
    this.tail = result.finally(() => {
      this.queued -= 1;
    });
    return result;
  }

  /** Stops the schedule; resolves when the runs already queued have ended (before store.close). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.tail;
  }

  private async runOnce(reason: BackupReason): Promise<BackupOutcome | null> {
    let outcome: BackupOutcome;
    try {
      const file = await this.store.backup(this.opts.dir);
      const removed = pruneBackups(this.opts.dir, this.opts.keepDays, this.now());
      this.store.checkpoint();
      outcome = { reason, file, removed };
    } catch (err) {
      this.fail(err, reason);
      return null;
    }
    try {
      this.opts.onBackup?.(outcome);
    } catch (err) {
      this.fail(err, reason);
    }
    return outcome;
  }

  private fail(err: unknown, reason: BackupReason): void {
    try {
      this.opts.onError(err, reason);
    } catch {
      // onError itself threw: there is nowhere left to report, and the queue must go on.
    }
  }
}
