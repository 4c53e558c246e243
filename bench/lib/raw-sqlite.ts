import Database from 'better-sqlite3';

export interface RawSlice {
  commits: number;
  seconds: number;
}

/**
 * The floor under any durable write: single-row INSERTs into a SQLite file, one transaction
 * each, with the hub's pragmas (WAL, synchronous=FULL). The row's body is about the size of the
 * event the hub writes for an issued ticket.
 */
export class RawInserts {
  private readonly db: Database.Database;
  /** One single-row INSERT in its own transaction. */
  readonly commit: (at: number) => void;

  constructor(
    readonly dbPath: string,
    private readonly body: string,
  ) {
    this.db = new Database(dbPath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(
      'CREATE TABLE events (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL)',
    );
    const insert = this.db.prepare('INSERT INTO events (at, type, body) VALUES (?, ?, ?)');
    const tx = this.db.transaction((at: number) => insert.run(at, 'ticket_issued', this.body));
    this.commit = (at) => void tx.immediate(at);
    // A short warm-up, so the file has grown past its first pages.
    for (let i = 0; i < 100; i++) this.commit(Date.now());
  }

  /** Commits one row at a time, as fast as the disk lets it, for `seconds`. */
  run(seconds: number): RawSlice {
    let commits = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    let now = start;
    while (now < end) {
      this.commit(Date.now());
      commits++;
      if ((commits & 15) === 0) now = performance.now();
    }
    return { commits, seconds: (performance.now() - start) / 1000 };
  }

  close(): void {
    this.db.close();
  }
}

/**
 * WAL frames (pages written, 4 KiB each by default) per commit: checkpoints the WAL empty from a
 * second connection, runs `commitOnce` `n` times, and reads how many frames the WAL holds.
 */
export function walFramesPerCommit(dbPath: string, commitOnce: () => void, n: number): number {
  const probe = new Database(dbPath);
  try {
    probe.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < n; i++) commitOnce();
    const rows = probe.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    return (rows[0]?.log ?? Number.NaN) / n;
  } finally {
    probe.close();
  }
}
