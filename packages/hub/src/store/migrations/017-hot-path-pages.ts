import type { Migration } from './types.js';

/**
 * Fewer pages written per command (bench/README.md, figure 1: an issued ticket's commit wrote
 * 11.6 WAL pages alone, 2.5 in a group of 16, against 1.3 for a bare insert). Each index a row
 * goes into is one more page in every transaction that adds or changes the row:
 * - `events_type_at` held every event, but is read only for `day_opened` (the current day's
 *   events, the latest day) and `config_changed` (the audit's configuration before a change):
 *   now a partial index of those two types, which the queries name as literals (a partial index
 *   serves a query only when its WHERE names the type itself);
 * - `tickets` had an index for `UNIQUE (business_day, number)` besides the one of its primary
 *   key, the id, which the engine makes as `business_day/number`: a CHECK that the id is exactly
 *   that keeps a number from being reused in a day, with the primary key's index alone.
 *   Rebuilt with its rows and `tickets_report` (the reports name it in `INDEXED BY`).
 */
const SQL = `
DROP INDEX events_type_at;
CREATE INDEX events_marks ON events (type, seq)
  WHERE type = 'day_opened' OR type = 'config_changed';

ALTER TABLE tickets RENAME TO tickets_012;
CREATE TABLE tickets (
  id           TEXT    PRIMARY KEY,
  business_day TEXT    NOT NULL,
  number       TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  class        TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  issued_at    INTEGER NOT NULL,
  called_at    INTEGER,
  started_at   INTEGER,
  finished_at  INTEGER,
  window_id    TEXT,
  staff_code   TEXT,
  call_reason  TEXT,
  recall_count INTEGER NOT NULL,
  rating_score INTEGER,
  body         TEXT    NOT NULL CHECK (json_valid(body)),
  -- A number is never reused in a day, whatever the engine does: the id is the day and the
  -- number, and the id is the primary key.
  CHECK (id = business_day || '/' || number)
) STRICT;
INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at, called_at,
    started_at, finished_at, window_id, staff_code, call_reason, recall_count, rating_score, body)
  SELECT id, business_day, number, service_id, class, status, issued_at, called_at, started_at,
    finished_at, window_id, staff_code, call_reason, recall_count, rating_score, body
  FROM tickets_012 ORDER BY rowid;
DROP TABLE tickets_012;
CREATE INDEX tickets_report ON tickets (business_day, service_id, window_id, staff_code, status,
  issued_at, called_at, started_at, finished_at, rating_score);
`;

export const migration: Migration = {
  version: 17,
  name: 'hot-path-pages',
  up(db) {
    db.exec(SQL);
  },
};
