import type { Migration } from './types.js';

/**
 * The admin console's follow-up of complaints: an append-only record of who assigned, noted,
 * called back or closed each complaint (the `complaints` projection itself stays as the engine
 * wrote it). Plus indexes for the audit's time search and for reports over a year.
 */
const SQL = `
CREATE TABLE complaint_actions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id TEXT    NOT NULL,
  at           INTEGER NOT NULL,
  staff_code   TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  text         TEXT    NOT NULL,
  command_id   TEXT
) STRICT;
CREATE INDEX complaint_actions_complaint ON complaint_actions (complaint_id, id);

CREATE TRIGGER complaint_actions_no_update BEFORE UPDATE ON complaint_actions
BEGIN
  SELECT RAISE(ABORT, 'complaint follow-ups are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER complaint_actions_no_delete BEFORE DELETE ON complaint_actions
BEGIN
  SELECT RAISE(ABORT, 'complaint follow-ups are append-only: DELETE is not allowed');
END;

CREATE INDEX events_at ON events (at);
-- Reports sum these columns for a date range without reading the tickets' JSON bodies.
CREATE INDEX tickets_report ON tickets (business_day, service_id, window_id, staff_code, status,
  issued_at, called_at, started_at, finished_at, rating_score);
-- Figures of closed business days, kept by the reports (a closed day never changes again).
CREATE TABLE report_rollups (
  business_day TEXT NOT NULL,
  grouping     TEXT NOT NULL,
  -- The close it was computed after: a day reopened and closed again is computed anew.
  closed_at    INTEGER NOT NULL,
  body         TEXT NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (business_day, grouping)
) STRICT;
-- The few tickets with transfers, whose count is only in the body.
CREATE INDEX tickets_transfers ON tickets (business_day)
  WHERE json_array_length(body, '$.transfers') > 0;
`;

export const migration: Migration = {
  version: 2,
  name: 'admin-console',
  up(db) {
    db.exec(SQL);
  },
};
