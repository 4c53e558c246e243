import type { Migration } from './types.js';

/**
 * Fewer b-trees written per command (bench/README.md, "Less per issue"; hub migration 026 in the
 * round's numbering). Every b-tree a transaction changes is at least one more page in the WAL and
 * one more descent for SQLite:
 * - `events` without `AUTOINCREMENT`: each insert also rewrote the log's row in
 *   `sqlite_sequence`. An `INTEGER PRIMARY KEY` alone numbers a row one above the largest, and
 *   the log keeps the same guarantees with it: no event is ever deleted (the append-only
 *   triggers), so the largest is never taken away and a number is never given twice; a rolled-back
 *   or crashed transaction leaves no number used (as `sqlite_sequence`, rolled back with it, did
 *   not either), so the log stays gapless; a restored file numbers on from its own last event, as
 *   its own `sqlite_sequence` did (and begins a new history, store/history.ts).
 * - `command_results` `WITHOUT ROWID`: looked up and kept only by its primary key
 *   (actor, command id), which was a second b-tree beside the rowid table; now the rows are the key's
 *   b-tree. A stored result without the ticket it repeats (store/event-log.ts) keeps the rows
 *   small, as a table without rowid wants them.
 * - `tickets_report` dropped: an index of every ticket by day, service, window, clerk, status and
 *   times, rewritten at every issue and at every change of status, for the reports alone. A
 *   ticket's id begins with its business day (`2025-03-14/A001`, the CHECK of migration 017), so
 *   the tickets of a range of days are a range of the primary key; the reports read a closed
 *   day from the rollups written at its close, and only the open days (and the day being closed)
 *   from the tickets (store/reports.ts).
 */
const SQL = `
ALTER TABLE events RENAME TO events_022;
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  type         TEXT    NOT NULL,
  business_day TEXT,
  ticket_id    TEXT,
  window_id    TEXT,
  actor        TEXT    NOT NULL CHECK (json_valid(actor)),
  command_id   TEXT,
  body         TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
INSERT INTO events (seq, at, type, business_day, ticket_id, window_id, actor, command_id, body)
  SELECT seq, at, type, business_day, ticket_id, window_id, actor, command_id, body
  FROM events_022 ORDER BY seq;
DROP TABLE events_022;
CREATE INDEX events_at ON events (at);
CREATE INDEX events_marks ON events (type, seq)
  WHERE type = 'day_opened' OR type = 'config_changed';
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END;

ALTER TABLE command_results RENAME TO command_results_022;
CREATE TABLE command_results (
  actor_key  TEXT    NOT NULL,
  command_id TEXT    NOT NULL,
  result     TEXT    NOT NULL CHECK (json_valid(result)),
  seq_from   INTEGER,
  seq_to     INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (actor_key, command_id)
) STRICT, WITHOUT ROWID;
INSERT INTO command_results (actor_key, command_id, result, seq_from, seq_to, at)
  SELECT actor_key, command_id, result, seq_from, seq_to, at FROM command_results_022;
DROP TABLE command_results_022;

DROP INDEX tickets_report;
`;

export const migration: Migration = {
  version: 25,
  name: 'lean-issue',
  up(db) {
    db.exec(SQL);
  },
};
