import type { Migration } from './types.js';

/**
 * `case_rollups`: one business day's complaint cases counted by where they stand (called back,
 * rectified, each in time or not), by every base a report groups them by, so a report over a
 * year does not read every case and its follow-up steps again (bench/README.md, "Cases rolled
 * up"). A case moves on after its day is closed, so the row says when it was counted
 * (`computed_at`) and from when every case it counts stands still (`settled_at`: its deadlines
 * passed or met); only a row settled when it was counted is read by a report. A case of the day
 * opened, changed or followed up removes the day's row (the triggers): it is counted again.
 * A case's id begins with its business day (`2025-03-14/C001`, `2025-03-14/M-001`).
 */
const SQL = `
CREATE TABLE case_rollups (
  business_day TEXT    PRIMARY KEY,
  computed_at  INTEGER NOT NULL,
  settled_at   INTEGER NOT NULL,
  config_key   TEXT    NOT NULL,
  body         TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE TRIGGER case_rollups_complaint_opened AFTER INSERT ON complaints
BEGIN
  DELETE FROM case_rollups WHERE business_day = substr(NEW.id, 1, 10);
END;
CREATE TRIGGER case_rollups_complaint_changed AFTER UPDATE ON complaints
BEGIN
  DELETE FROM case_rollups WHERE business_day IN (substr(OLD.id, 1, 10), substr(NEW.id, 1, 10));
END;
CREATE TRIGGER case_rollups_manual_entered AFTER INSERT ON manual_complaints
BEGIN
  DELETE FROM case_rollups WHERE business_day = substr(NEW.id, 1, 10);
END;
CREATE TRIGGER case_rollups_followed_up AFTER INSERT ON complaint_actions
BEGIN
  DELETE FROM case_rollups WHERE business_day = substr(NEW.complaint_id, 1, 10);
END;
`;

export const migration: Migration = {
  version: 27,
  name: 'case-rollups',
  up(db) {
    db.exec(SQL);
  },
};
