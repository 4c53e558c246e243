import type { Migration } from './types.js';

/**
 * `command_results` appended, with no index of its key (bench/README.md, "Rows per issue, round
 * 12"). The table was the b-tree of its primary key (actor, command id): a command id is random,
 * so every command's result went into a leaf of its own and split it now and then: in a group
 * commit of sixteen kiosks' issues about 1.6 of the 3.2 pages each issue wrote, where the log's
 * and the tickets' rows share theirs. Now each row is appended under a row id, and the store
 * finds a result through a map in memory (store/result-keys.ts: filled from the table at the
 * first look-up, kept by each commit, filled again when another program wrote the file), which
 * is also the guard against one command kept twice that the primary key was.
 * Every row is kept; the table holds a day of results (pruned at the day's opening), so the copy
 * is short.
 */
const SQL = `
ALTER TABLE command_results RENAME TO command_results_025;
CREATE TABLE command_results (
  id         INTEGER PRIMARY KEY,
  actor_key  TEXT    NOT NULL,
  command_id TEXT    NOT NULL,
  result     TEXT    NOT NULL CHECK (json_valid(result)),
  seq_from   INTEGER,
  seq_to     INTEGER NOT NULL,
  at         INTEGER NOT NULL
) STRICT;
INSERT INTO command_results (actor_key, command_id, result, seq_from, seq_to, at)
  SELECT actor_key, command_id, result, seq_from, seq_to, at FROM command_results_025
  ORDER BY at, seq_to;
DROP TABLE command_results_025;
`;

export const migration: Migration = {
  version: 26,
  name: 'appended-results',
  up(db) {
    db.exec(SQL);
  },
};
