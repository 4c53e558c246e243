import type { Migration } from './types.js';

/**
 * `config_history` made STRICT like every other table: migration 007 created it without the
 * keyword, so a value of the wrong type would have been kept as it came (the schema snapshot,
 * store/schema.sql, shows it). Rebuilt with its rows and index as they are; no other object
 * refers to it.
 */
const SQL = `
ALTER TABLE config_history RENAME TO config_history_007;
CREATE TABLE config_history (
  id INTEGER PRIMARY KEY,
  after_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT;
INSERT INTO config_history (id, after_seq, at, body)
  SELECT id, after_seq, at, body FROM config_history_007 ORDER BY id;
DROP TABLE config_history_007;
CREATE INDEX config_history_after_seq ON config_history (after_seq);
`;

export const migration: Migration = {
  version: 10,
  name: 'config-history-strict',
  up(db) {
    db.exec(SQL);
  },
};
