import { randomUUID } from 'node:crypto';
import type { Migration } from './types.js';

/**
 * The identity of the database's history. Sequence numbers alone do not name an event: after a
 * restore the hub numbers new events from the backup's last one, so the same numbers come again
 * with other content, and a client that was away would take them as the events it missed. Each
 * history gets a random id, made new when the file is set up, at every `onestop-hub restore`,
 * and here for a database made before this step; the newest row is the history in effect. An
 * event is named by (hall id, history id, seq): the history in effect when it was written is the
 * newest one begun before it (`after_seq < seq`).
 *
 * A hall file set up before this step gets its row here (`began = 'migration'`, no time: a
 * migration does not read the hall's clock); a new file gets its own when the store first opens
 * it (`setup`). Pairing codes kept in clear in `create_device`'s stored results (the command
 * results are in every backup) are removed: only the device id is needed for a retry.
 */
const SQL = `
CREATE TABLE histories (
  id        TEXT    PRIMARY KEY,
  began     TEXT    NOT NULL CHECK (began IN ('setup', 'migration', 'restore')),
  after_seq INTEGER NOT NULL CHECK (after_seq >= 0),
  at        INTEGER
) STRICT;
UPDATE command_results SET result = json_remove(result, '$.pairingCode', '$.expiresAt')
  WHERE json_type(result, '$.pairingCode') IS NOT NULL;
`;

export const migration: Migration = {
  version: 8,
  name: 'history',
  up(db) {
    db.exec(SQL);
    const hasHall = db.prepare("SELECT 1 FROM meta WHERE key = 'hall_id'").get() !== undefined;
    if (!hasHall) return; // a new file: the store begins its history at setup
    db.prepare(
      `INSERT INTO histories (id, began, after_seq, at)
       VALUES (?, 'migration', (SELECT coalesce(max(seq), 0) FROM events), NULL)`,
    ).run(randomUUID());
  },
};
