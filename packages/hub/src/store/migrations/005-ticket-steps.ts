import { projectStepsFromLog } from '../steps.js';
import type { Migration } from './types.js';

/**
 * Each call of a ticket to a window, so the reports count every service where it happened (a
 * ticket served at window 1 for its first step and at window 10 for its second counts once at
 * each, its rating for the service it was given for, a transfer at the window that made it).
 * Filled from the whole log; the report rollups summed before (by the ticket's last call) are
 * dropped and summed again when next asked for.
 */
const SQL = `
CREATE TABLE ticket_steps (
  -- The sequence number of the ticket_called event.
  seq          INTEGER PRIMARY KEY,
  ticket_id    TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  window_id    TEXT    NOT NULL,
  staff_code   TEXT,
  -- When the ticket joined the queue this call took it from: issued, previous step finished,
  -- transferred, put back or unparked.
  queued_at    INTEGER NOT NULL,
  called_at    INTEGER NOT NULL,
  started_at   INTEGER,
  ended_at     INTEGER,
  -- done, no_show, transferred, requeued, parked; NULL while called or serving.
  outcome      TEXT,
  -- When it went back into a queue after this call (a next step, a transfer, put back, unparked).
  requeued_at  INTEGER,
  -- The score of the rating given for the service this call finished.
  rating_score INTEGER,
  CHECK (queued_at <= called_at)
) STRICT;
CREATE INDEX ticket_steps_ticket ON ticket_steps (ticket_id, seq);
-- Reports sum these columns for a date range.
CREATE INDEX ticket_steps_report ON ticket_steps (business_day, service_id, window_id, staff_code,
  outcome, queued_at, called_at, started_at, ended_at, rating_score);
DELETE FROM report_rollups;
`;

export const migration: Migration = {
  version: 5,
  name: 'ticket-steps',
  up(db) {
    db.exec(SQL);
    projectStepsFromLog(db);
  },
};
