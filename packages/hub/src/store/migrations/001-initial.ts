import type { Migration } from './types.js';

/**
 * The first schema: the append-only event log, the command results (idempotent retries), the
 * projections the reports read, and the hub's own records (config, devices, credentials).
 *
 * Projection columns copy what reports filter and group by; `body` keeps the whole entity so a
 * new field needs no migration. Enum columns carry no CHECK: the typed `body` is the truth and a
 * new status must never make a commit fail in a hall.
 */
const SQL = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  at           INTEGER NOT NULL,
  type         TEXT    NOT NULL,
  business_day TEXT,
  ticket_id    TEXT,
  window_id    TEXT,
  actor        TEXT    NOT NULL CHECK (json_valid(actor)),
  command_id   TEXT,
  body         TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX events_business_day ON events (business_day);
CREATE INDEX events_ticket ON events (ticket_id);
CREATE INDEX events_window ON events (window_id);
CREATE INDEX events_type_at ON events (type, at);

-- The log is the audit ("sunshine operation"): nothing may change or remove a fact.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END;

CREATE TABLE command_results (
  actor_key  TEXT    NOT NULL,
  command_id TEXT    NOT NULL,
  result     TEXT    NOT NULL CHECK (json_valid(result)),
  seq_from   INTEGER,
  seq_to     INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (actor_key, command_id)
) STRICT;
CREATE INDEX command_results_at ON command_results (at);

CREATE TABLE tickets (
  id           TEXT    PRIMARY KEY,
  business_day TEXT    NOT NULL,
  number       TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  class        TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  issued_at    INTEGER NOT NULL,
  called_at    INTEGER,
  started_at   INTEGER,
  finished_at  INTEGER,
  window_id    TEXT,
  staff_code   TEXT,
  call_reason  TEXT,
  recall_count INTEGER NOT NULL,
  rating_score INTEGER,
  body         TEXT    NOT NULL CHECK (json_valid(body)),
  -- A number is never reused in a day, whatever the engine does.
  UNIQUE (business_day, number)
) STRICT;
CREATE INDEX tickets_day_service ON tickets (business_day, service_id);
CREATE INDEX tickets_day_status ON tickets (business_day, status);
CREATE INDEX tickets_window_day ON tickets (window_id, business_day);
CREATE INDEX tickets_staff_day ON tickets (staff_code, business_day);

CREATE TABLE window_states (
  window_id         TEXT    PRIMARY KEY,
  status            TEXT    NOT NULL,
  staff_code        TEXT,
  current_ticket_id TEXT,
  since             INTEGER,
  body              TEXT    NOT NULL CHECK (json_valid(body)),
  updated_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE days (
  business_day TEXT    PRIMARY KEY,
  status       TEXT    NOT NULL,
  opened_at    INTEGER NOT NULL,
  closed_at    INTEGER
) STRICT;

CREATE TABLE complaints (
  id          TEXT    PRIMARY KEY,
  ticket_id   TEXT    NOT NULL,
  window_id   TEXT    NOT NULL,
  staff_code  TEXT,
  service_id  TEXT    NOT NULL,
  score       INTEGER NOT NULL,
  opened_at   INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  status      TEXT    NOT NULL,
  body        TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX complaints_status_deadline ON complaints (status, deadline_at);
CREATE INDEX complaints_ticket ON complaints (ticket_id);
CREATE INDEX complaints_opened ON complaints (opened_at);
CREATE INDEX complaints_staff_opened ON complaints (staff_code, opened_at);

CREATE TABLE config (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  body       TEXT    NOT NULL CHECK (json_valid(body)),
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE devices (
  id           TEXT    PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('kiosk', 'window_terminal', 'display', 'rating_pad')),
  name         TEXT    NOT NULL,
  window_id    TEXT,
  token_hash   TEXT    UNIQUE,
  created_at   INTEGER NOT NULL,
  paired_at    INTEGER,
  last_seen_at INTEGER,
  status       TEXT    CHECK (status IS NULL OR json_valid(status)),
  status_at    INTEGER,
  revoked_at   INTEGER
) STRICT;

CREATE TABLE pairing_codes (
  code_hash  TEXT    PRIMARY KEY,
  device_id  TEXT    NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;
CREATE INDEX pairing_codes_device ON pairing_codes (device_id);

CREATE TABLE staff_credentials (
  staff_code      TEXT    PRIMARY KEY,
  pin_hash        TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER,
  updated_at      INTEGER NOT NULL
) STRICT;
`;

export const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL);
  },
};
