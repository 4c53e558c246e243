import type { Migration } from './types.js';

/**
 * 差评工单提醒 (issue 16): the case alerts to the hall's duty supervisors, one row per case,
 * deadline (call-back, rectification), state (due today, overdue) and phone. The row is the
 * claim: written once (`UNIQUE`), it is never written again, through restarts included, and the
 * sender (features/case-alerts) sends it like the visitors' outbox, with retries and a backoff.
 */
const SQL = `
CREATE TABLE case_alerts (
  id           INTEGER PRIMARY KEY,
  complaint_id TEXT    NOT NULL,
  deadline     TEXT    NOT NULL CHECK (deadline IN ('callback', 'rectify')),
  state        TEXT    NOT NULL CHECK (state IN ('due_soon', 'overdue')),
  phone        TEXT    NOT NULL,
  due_at       INTEGER NOT NULL,
  status       TEXT    NOT NULL
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_at      INTEGER NOT NULL,
  provider_id  TEXT,
  last_error   TEXT,
  created_at   INTEGER NOT NULL,
  sent_at      INTEGER,
  UNIQUE (complaint_id, deadline, state, phone)
) STRICT;
CREATE INDEX case_alerts_due ON case_alerts (next_at) WHERE status IN ('pending', 'sending');
`;

export const migration: Migration = {
  version: 22,
  name: 'case-alerts',
  up(db) {
    db.exec(SQL);
  },
};
