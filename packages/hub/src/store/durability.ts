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

/**
 * How many syncs of the `-wal` file may run at once. A commit made while a sync runs does not
 * wait for that sync to end before its own starts (it would wait for the rest of one sync and
 * then a whole one): a second starts at once and covers it. `fdatasync` returns once every
 * write made to the file before the call is on the disk, whatever other syncs of it do, so a
 * sync that ends covers every commit made before it began, even before an earlier one ends.
 * Two, not more: libuv's pool has four threads, shared with the file reads and the PIN
 * hashes, and a third sync would only wait for the disk behind the two.
 */
export const MAX_SYNCS_IN_FLIGHT = 2;

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
  /** `MAX_SYNCS_IN_FLIGHT` unless given (1: each sync waits for the one before it to end). */
  syncsInFlight?: number;
}

/**
 * Keeps the hub's promise "nothing is answered or shown before it is on the disk" without
 * waiting for the disk on the event loop. Each group commit counts (`afterCommit`); its release
 * (the answers, the broadcast) runs once a sync of the `-wal` file that began after the commit
 * has ended, in the order of the commits. A commit starts a sync at once unless one that began
 * after it is already running, or `MAX_SYNCS_IN_FLIGHT` are; a sync that ends starts the next
 * one for the commits made meanwhile, so each sync covers every group committed before it began
 * (pipelined group commit).
 */
export class Durability {
  readonly mode: DurabilityMode;
  private readonly walPath: string;
  private readonly syncFile: SyncFile;
  private readonly onFatal: (err: unknown) => void;
  private readonly syncsInFlight: number;
  /** Commits counted so far, and how many of them are known to be on the disk. */
  private committedCount = 0;
  private durableCount = 0;
  /** How many commits the latest sync started covers (those made before it began). */
  private startedUpTo = 0;
  /** Releases waiting for their commit to be durable, oldest first. */
  private readonly held: { upTo: number; release: () => void }[] = [];
  /** Syncs under way (they use `fd`: it is closed once none runs). */
  private running = 0;
  private failed = false;
  private closed = false;
  private fd: number | null = null;

  constructor(walPath: string, options: DurabilityOptions) {
    this.walPath = walPath;
    this.mode = options.mode;
    this.syncFile = options.syncFile ?? fdatasync;
    this.onFatal = options.onFatal ?? failStop;
    this.syncsInFlight = Math.max(1, options.syncsInFlight ?? MAX_SYNCS_IN_FLIGHT);
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
      if (this.running > 0) {
        // The descriptor is in use by a sync under way: sync through a second one.
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
    // A sync under way still uses them: the last one to end lets go of them.
    if (this.running === 0) this.closeDescriptors();
  }

  private startSync(): void {
    if (this.failed || this.closed || this.running >= this.syncsInFlight) return;
    // A sync under way began after every commit so far: it covers them all.
    if (this.startedUpTo >= this.committedCount || this.settled) return;
    let fd: number;
    try {
      fd = this.descriptor();
    } catch (err) {
      this.fail(err);
      return;
    }
    const target = this.committedCount;
    this.startedUpTo = target;
    this.running += 1;
    this.syncFile(fd, (err) => {
      this.running -= 1;
      if (this.closed) {
        // Closed meanwhile (after `syncNow`, which made all this durable): let go of the file.
        if (this.running === 0) this.closeDescriptors();
        return;
      }
      if (this.failed) return;
      if (err) {
        this.fail(err);
        return;
      }
      // Every commit made before this sync began is on the disk, even if an earlier sync has
      // not ended yet (see `MAX_SYNCS_IN_FLIGHT`).
      this.durableCount = Math.max(this.durableCount, target);
      this.releaseDurable();
      this.startSync();
    });
  }

  private closeDescriptors(): void {
    if (this.fd !== null) closeQuietly(this.fd);
    this.fd = null;
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
