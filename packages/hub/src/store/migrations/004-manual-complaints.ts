import type { Migration } from './types.js';

/**
 * Complaints entered by hand in the admin console (a call, a letter, a visitor at the desk):
 * the visitor's contact is stored masked only (138****5678), never whole. Append-only, like the
 * follow-ups in `complaint_actions` that also record what happens to these.
 */
const SQL = `
CREATE TABLE manual_complaints (
  id             TEXT    PRIMARY KEY,
  opened_at      INTEGER NOT NULL,
  deadline_at    INTEGER NOT NULL,
  opened_by      TEXT    NOT NULL,
  contact_masked TEXT    NOT NULL CHECK (contact_masked NOT GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'),
  summary        TEXT    NOT NULL,
  service_id     TEXT,
  window_id      TEXT,
  staff_code     TEXT,
  ticket_id      TEXT,
  command_id     TEXT
) STRICT;
CREATE INDEX manual_complaints_opened ON manual_complaints (opened_at);

CREATE TRIGGER manual_complaints_no_update BEFORE UPDATE ON manual_complaints
BEGIN
  SELECT RAISE(ABORT, 'manual complaints are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER manual_complaints_no_delete BEFORE DELETE ON manual_complaints
BEGIN
  SELECT RAISE(ABORT, 'manual complaints are append-only: DELETE is not allowed');
END;
`;

export const migration: Migration = {
  version: 4,
  name: 'manual-complaints',
  up(db) {
    db.exec(SQL);
  },
};
