import type { Migration } from './types.js';

/**
 * The region's supervision instructions (督办) to the hall (issue 15): each kept once, by the
 * region's id, when the link brings it (`instruction_received` is committed with the row), and
 * the admin's answer written into the same row with `instruction_answered` (which crosses the
 * link back up). One answer per instruction: the `answered_at IS NULL` guard of the update.
 */
const SQL = `
CREATE TABLE region_instructions (
  id           TEXT    PRIMARY KEY,
  complaint_id TEXT,
  text         TEXT    NOT NULL,
  deadline     INTEGER NOT NULL,
  issued_at    INTEGER NOT NULL,
  issued_by    TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  answer       TEXT,
  answered_at  INTEGER,
  answered_by  TEXT,
  CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by IS NULL))
) STRICT;
CREATE INDEX region_instructions_received ON region_instructions (received_at);
`;

export const migration: Migration = {
  version: 16,
  name: 'region-instructions',
  up(db) {
    db.exec(SQL);
  },
};
