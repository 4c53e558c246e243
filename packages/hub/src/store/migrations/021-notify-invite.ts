import type { Migration } from './types.js';

/**
 * 邀请评价 (the invitation to rate), issue 16.
 *
 * `notify_outbox` takes a third kind of message, `invite`: one per ticket like the others
 * (`UNIQUE (ticket_id, kind)`), written when the visit's last step finishes unrated with its
 * `next_at` at the finish plus the hall's delay, so the sender sends it no earlier. SQLite cannot
 * change a CHECK in place: the table is rebuilt with its rows, ids and index.
 */
const SQL = `
CREATE TABLE notify_outbox_new (
  id           INTEGER PRIMARY KEY,
  ticket_id    TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('near', 'called', 'invite')),
  business_day TEXT    NOT NULL,
  channel      TEXT    NOT NULL CHECK (channel IN ('sms', 'wechat', 'none')),
  status       TEXT    NOT NULL
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'dropped')),
  params       TEXT    NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_at      INTEGER NOT NULL,
  provider_id  TEXT,
  last_error   TEXT,
  created_at   INTEGER NOT NULL,
  sent_at      INTEGER,
  UNIQUE (ticket_id, kind)
) STRICT;
INSERT INTO notify_outbox_new (id, ticket_id, kind, business_day, channel, status, params,
    attempts, next_at, provider_id, last_error, created_at, sent_at)
  SELECT id, ticket_id, kind, business_day, channel, status, params, attempts, next_at,
    provider_id, last_error, created_at, sent_at FROM notify_outbox;
DROP TABLE notify_outbox;
ALTER TABLE notify_outbox_new RENAME TO notify_outbox;
CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE status IN ('pending', 'sending');
`;

export const migration: Migration = {
  version: 21,
  name: 'notify-invite',
  up(db) {
    db.exec(SQL);
  },
};
