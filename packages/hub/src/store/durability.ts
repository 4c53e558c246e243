import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * How the hub's group commits become durable:
 * - `inline`: each group's `COMMIT` runs under `synchronous=FULL`, so SQLite syncs the WAL on
 *   the event loop before the commit returns;
 * - `async`: the group's `COMMIT` only writes its frames to the WAL (`synchronous=NORMAL`);
 *   `Durability` then syncs the `-wal` file off the event loop (libuv's thread pool), and the
 *   group's answers and broadcasts wait for that sync.
 */
export type DurabilityMode = 'inline' | 'async';

export const DURABILITY_MODES: readonly DurabilityMode[] = ['inline', 'async'];

/** How group commits become durable unless `HubOptions.durability` says. */
export const DEFAULT_DURABILITY: DurabilityMode = 'async';

/** Syncs a file's data to the disk, off the event loop (`fs.fdatasync`). */
export type SyncFile = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

export interface DurabilityOptions {
  mode: DurabilityMode;
  /** `fs.fdatasync` unless given (a test holds it back or makes it fail). */
  syncFile?: SyncFile;
  /**
   * What a failed sync does: `failStop` unless given. A sync that failed leaves the kernel free
   * to drop the pages it could not write, so nothing since the last good sync can be trusted.
   */
  onFatal?: (err: unknown) => void;
}

/**
 * Keeps the hub's promise "nothing is answered or shown before it is on the disk" without
 * waiting for the disk on the event loop. Each group commit counts (`afterCommit`); its release
 * (the answers, the broadcast) runs once a sync of the `-wal` file that began after the commit
 * has ended, in the order of the commits. One sync runs at a time; the next one starts when it
 * ends and covers every group committed meanwhile (pipelined group commit).
 */
export class Durability {
  readonly mode: DurabilityMode;
  private readonly walPath: string;
  private readonly syncFile: SyncFile;
  private readonly onFatal: (err: unknown) => void;
  /** Commits counted so far, and how many of them are known to be on the disk. */
  private committedCount = 0;
  private durableCount = 0;
  /** Releases waiting for their commit to be durable, oldest first. */
  private readonly held: { upTo: number; release: () => void }[] = [];
  private running = false;
  private failed = false;
  private closed = false;
  private fd: number | null = null;

  constructor(walPath: string, options: DurabilityOptions) {
    this.walPath = walPath;
    this.mode = options.mode;
    this.syncFile = options.syncFile ?? fdatasync;
    this.onFatal = options.onFatal ?? failStop;
  }

  /** Whether every commit counted so far is durable (nothing held). */
  get settled(): boolean {
    return this.durableCount >= this.committedCount;
  }

  /**
   * Counts a group commit just made and runs `release` once it is durable: at once in `inline`
   * mode (the commit synced the WAL), else after the next sync, in commit order.
   */
  afterCommit(release: () => void): void {
    this.committedCount += 1;
    if (this.mode === 'inline') {
      this.durableCount = this.committedCount;
      this.releaseDurable();
      release();
      return;
    }
    this.held.push({ upTo: this.committedCount, release });
    this.startSync();
  }

  /**
   * A commit just made under `synchronous=FULL` (SQLite synced the whole `-wal` file before it
   * returned): every earlier commit is durable too. Releases them now, in order.
   */
  syncedInline(): void {
    this.durableCount = this.committedCount;
    this.releaseDurable();
  }

  /**
   * Makes every commit so far durable before returning (`fdatasyncSync` on the event loop), for
   * the rare paths that must be durable when they return (closing the hub).
   */
  syncNow(): void {
    if (this.settled || this.failed) return;
    const target = this.committedCount;
    try {
      if (this.running) {
        // The descriptor is in use by the sync under way: sync through a second one.
        const fd = openSync(this.walPath, 'r+');
        try {
          fdatasyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } else {
        fdatasyncSync(this.descriptor());
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    this.durableCount = Math.max(this.durableCount, target);
    this.releaseDurable();
  }

  /** Resolves once every commit counted so far is durable. */
  whenDurable(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => {
      this.held.push({ upTo: this.committedCount, release: resolve });
    });
  }

  /** Lets go of the `-wal` file's descriptor (after `syncNow`, when the hub closes). */
  close(): void {
    this.closed = true;
    if (this.fd !== null && !this.running) closeSync(this.fd);
    this.fd = null;
  }

  private startSync(): void {
    if (this.running || this.failed || this.closed || this.settled) return;
    let fd: number;
    try {
      fd = this.descriptor();
    } catch (err) {
      this.fail(err);
      return;
    }
    const target = this.committedCount;
    this.running = true;
    this.syncFile(fd, (err) => {
      this.running = false;
      if (this.closed) {
        // Closed meanwhile (after `syncNow`, which made all this durable): let go of the file.
        if (this.fd === fd) this.fd = null;
        closeQuietly(fd);
        return;
      }
      if (err) {
        this.fail(err);
        return;
      }
      this.durableCount = Math.max(this.durableCount, target);
      this.releaseDurable();
      this.startSync();
    });
  }

  private releaseDurable(): void {
    while (this.held.length > 0 && (this.held[0]?.upTo ?? Infinity) <= this.durableCount) {
      this.held.shift()?.release();
    }
  }

  private fail(err: unknown): void {
    // Nothing held is ever answered: it was never acknowledged, and a restart recovers what
    // the WAL holds.
    this.failed = true;
    this.held.length = 0;
    this.onFatal(err);
  }

  /**
   * The `-wal` file's descriptor, opened once (no look at the path on each sync): SQLite keeps
   * writing through its own descriptor of the file it opened, even when that file is deleted or
   * replaced at its path (the store's watch then refuses every write, maintenance.ts), so the
   * file opened here is the one to sync. A checkpoint restarts the WAL in the same file. When it
   * is first opened, its folder is synced once, so the file's name survives a power loss too.
   */
  private descriptor(): number {
    if (this.fd !== null) return this.fd;
    const fd = openSync(this.walPath, 'r+');
    this.fd = fd;
    syncFolder(dirname(this.walPath));
    return fd;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to let go of.
  }
}

/** Syncs a folder's entries (a new file's name); a system that cannot open folders has none to sync. */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Folders that cannot be synced (some network or Windows file systems): nothing to do.
  } finally {
    closeSync(fd);
  }
}

/**
 * The answer to a failed sync of the WAL, as in PostgreSQL: say so and stop at once, answering
 * nothing that waits. Restarting recovers every commit the WAL holds.
 */
export function failStop(err: unknown): never {
  console.error(
    `onestop-hub: FATAL: syncing the hall database's WAL to the disk failed (${String(err)}); ` +
      'stopping without answering the commands not yet durable. Check the disk, then restart: ' +
      'the hub recovers every command the WAL holds.',
  );
  process.exit(70);
}
