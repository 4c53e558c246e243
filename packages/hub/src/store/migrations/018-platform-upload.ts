import type { Migration } from './types.js';

/**
 * 好差评 upload to the provincial platform (issue 16).
 *
 * `platform_outbox`: each record for the platform (a rating, its follow-up, a step of its case),
 * written in the transaction that makes the rating or the step, once per `idempotency_key` (a
 * retried or replayed command cannot add a second). The uploader (features/platform-upload)
 * moves it pending → sending → sent (with the platform's receipt) or refused (the platform's
 * business reason, `last_error`); a refused one goes back to pending only by an admin's resend
 * (`resent_at`). `credentials_refused`: the last try was refused for the hall's key (kept
 * waiting, tried again). `body`: the record as JSON, platform-independent (the mapping words it).
 */
const SQL = `
CREATE TABLE platform_outbox (
  id                  INTEGER PRIMARY KEY,
  idempotency_key     TEXT    NOT NULL UNIQUE,
  kind                TEXT    NOT NULL
    CHECK (kind IN ('rating', 'follow_up', 'callback', 'rectification', 'closed')),
  rating_id           TEXT    NOT NULL,
  case_id             TEXT,
  body                TEXT    NOT NULL,
  status              TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'refused')),
  attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_at             INTEGER NOT NULL,
  receipt             TEXT,
  last_error          TEXT,
  credentials_refused INTEGER NOT NULL DEFAULT 0 CHECK (credentials_refused IN (0, 1)),
  created_at          INTEGER NOT NULL,
  sent_at             INTEGER,
  resent_at           INTEGER,
  CHECK (status <> 'sent' OR (receipt IS NOT NULL AND sent_at IS NOT NULL)),
  CHECK (status <> 'refused' OR last_error IS NOT NULL)
) STRICT;
CREATE INDEX platform_outbox_due ON platform_outbox (next_at) WHERE status IN ('pending', 'sending');
`;

export const migration: Migration = {
  version: 18,
  name: 'platform-upload',
  up(db) {
    db.exec(SQL);
  },
};
