import type { Migration } from './types.js';

/**
 * Every configuration the hall was set up or restarted with (`onestop-hub --config`, `--demo`),
 * kept with the last event before it: the log's `config_changed` events hold only the changes
 * made in the admin console, so the audit had nothing to compare the first of them with (the
 * configuration it replaced was only in `config`, and overwritten). The audit's diff of a
 * `config_changed` compares it with whichever came last before it: the previous change, or a
 * configuration kept here. The configuration in effect now is kept as of the newest event:
 * a hall not yet changed in the console gets its first change's diff.
 */
const SQL = `
CREATE TABLE config_history (
  id INTEGER PRIMARY KEY,
  after_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX config_history_after_seq ON config_history (after_seq);
INSERT INTO config_history (after_seq, at, body)
  SELECT coalesce((SELECT max(seq) FROM events), 0), updated_at, body FROM config WHERE id = 1;
`;

export const migration: Migration = {
  version: 7,
  name: 'config-history',
  up(db) {
    db.exec(SQL);
  },
};
