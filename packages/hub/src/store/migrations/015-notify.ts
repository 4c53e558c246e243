import type { Migration } from './types.js';

/**
 * 叫号提醒 (turn-near messages), issue 17. Numbered 018 for the merge of this round (014 to 017
 * are other branches'); `version` is its place in MIGRATIONS on this branch.
 *
 * - `notify_contacts`: where a ticket's messages go (a mobile number, a WeChat openid), written
 *   with its `ticket_issued` and deleted in the transaction that closes its business day (the
 *   hub's connection runs with `secure_delete`, so the bytes are overwritten, not only freed).
 *   Never in an event, a command's result or a projection row.
 * - `notify_outbox`: each message, written in the transaction of the event that brings it; one
 *   per ticket and kind (`UNIQUE (ticket_id, kind)`: a retried or replayed command cannot add a
 *   second). The sender (features/notify) moves it pending → sending → sent (with the provider's
 *   id) or failed; `skipped`: not needed (the ticket had few enough ahead when it was issued);
 *   `dropped`: its day closed before it went. It holds no contact, only the ticket's number and
 *   the window's, so nothing personal stays after the day.
 */
const SQL = `
CREATE TABLE notify_contacts (
  ticket_id      TEXT PRIMARY KEY,
  business_day   TEXT NOT NULL,
  phone          TEXT,
  wechat_open_id TEXT,
  CHECK (phone IS NOT NULL OR wechat_open_id IS NOT NULL)
) STRICT;
CREATE TABLE notify_outbox (
  id           INTEGER PRIMARY KEY,
  ticket_id    TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('near', 'called')),
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
CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE status IN ('pending', 'sending');
`;

export const migration: Migration = {
  version: 15,
  name: 'notify',
  up(db) {
    db.exec(SQL);
  },
};
