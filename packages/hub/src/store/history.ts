import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

/*
 * The database's history (migration 008): a random id made when the file is set up, at every
 * restore of a backup, and for a file set up before histories existed. Sequence numbers count
 * within the file's history, so an event is named by (hall id, history id, seq).
 */

/** How a history began. */
export type HistoryStart = 'setup' | 'migration' | 'restore';

/** What names one event across restores and halls (a region link keys on it). */
export interface EventIdentity {
  hallId: string;
  historyId: string;
  seq: number;
}

/** The history in effect: the newest begun. Null before the file's first (a new file). */
export function currentHistory(db: Database.Database): string | null {
  return (
    db.prepare<[], string>('SELECT id FROM histories ORDER BY rowid DESC LIMIT 1').pluck().get() ??
    null
  );
}

/**
 * Begins a new history after the newest event of the log: a random id no earlier history has.
 * `at` is when (null when unknown). Returns the new id.
 */
export function beginHistory(
  db: Database.Database,
  began: HistoryStart,
  at: number | null,
): string {
  const id = randomUUID();
  db.prepare(
    `INSERT INTO histories (id, began, after_seq, at)
     VALUES (?, ?, (SELECT coalesce(max(seq), 0) FROM events), ?)`,
  ).run(id, began, at);
  return id;
}
