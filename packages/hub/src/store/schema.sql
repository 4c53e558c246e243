-- The hub's schema after every migration (user_version 27): tables,
-- indexes and triggers as sqlite_master keeps them, sorted by kind and name. Written by
-- packages/hub/src/store/schema.test.ts; after a new migration run
--   UPDATE_SCHEMA=1 npx vitest run packages/hub/src/store/schema.test.ts
-- and commit this file with it. Do not edit it by hand.

CREATE TABLE appointments (
  id           TEXT    PRIMARY KEY,
  business_day TEXT    NOT NULL,
  code         TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  slot_at      INTEGER NOT NULL,
  phone_salt   TEXT,
  phone_hash   TEXT,
  status       TEXT    NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled')),
  ticket_id    TEXT,
  created_at   INTEGER NOT NULL,
  -- Who booked it, checked it in, cancelled it: actor key and command id, so a retry of the
  -- same command gets the first answer and never books or issues twice.
  created_key  TEXT    NOT NULL UNIQUE,
  checkin_key  TEXT    UNIQUE,
  checked_in_at INTEGER,
  cancel_key   TEXT, origin TEXT NOT NULL DEFAULT 'staff'
  CHECK (origin IN ('staff', 'online')), token_hash TEXT, phone_masked TEXT, phone_tag TEXT, id_hash TEXT
  CHECK (id_hash IS NULL OR (length(id_hash) = 64 AND id_hash NOT GLOB '*[^0-9a-f]*')), phone TEXT,
  CHECK ((phone_salt IS NULL) = (phone_hash IS NULL)),
  CHECK ((status = 'checked_in') = (ticket_id IS NOT NULL))
) STRICT;

CREATE TABLE booking_answers (
  request_id TEXT    PRIMARY KEY,
  answer     TEXT    NOT NULL,
  decided_at INTEGER NOT NULL
) STRICT;

CREATE TABLE booking_key (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  key TEXT    NOT NULL
) STRICT;

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

CREATE TABLE case_rollups (
  business_day TEXT    PRIMARY KEY,
  computed_at  INTEGER NOT NULL,
  settled_at   INTEGER NOT NULL,
  config_key   TEXT    NOT NULL,
  body         TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE clerk_sessions (
  token_hash   TEXT    PRIMARY KEY,
  staff_code   TEXT    NOT NULL,
  device_id    TEXT    NOT NULL REFERENCES devices (id),
  pin_tag      TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ended_at     INTEGER,
  ended_reason TEXT
) STRICT;

CREATE TABLE command_results (
  id         INTEGER PRIMARY KEY,
  actor_key  TEXT    NOT NULL,
  command_id TEXT    NOT NULL,
  result     TEXT    NOT NULL CHECK (json_valid(result)),
  seq_from   INTEGER,
  seq_to     INTEGER NOT NULL,
  at         INTEGER NOT NULL
) STRICT;

CREATE TABLE complaint_actions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id TEXT    NOT NULL,
  at           INTEGER NOT NULL,
  staff_code   TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  text         TEXT    NOT NULL,
  command_id   TEXT
, done_by TEXT, done_at INTEGER) STRICT;

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

CREATE TABLE config (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  body       TEXT    NOT NULL CHECK (json_valid(body)),
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE config_history (
  id INTEGER PRIMARY KEY,
  after_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT;

CREATE TABLE days (
  business_day TEXT    PRIMARY KEY,
  status       TEXT    NOT NULL,
  opened_at    INTEGER NOT NULL,
  closed_at    INTEGER
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

CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  type         TEXT    NOT NULL,
  business_day TEXT,
  ticket_id    TEXT,
  window_id    TEXT,
  actor        TEXT    NOT NULL CHECK (json_valid(actor)),
  command_id   TEXT,
  body         TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE histories (
  id        TEXT    PRIMARY KEY,
  began     TEXT    NOT NULL CHECK (began IN ('setup', 'migration', 'restore')),
  after_seq INTEGER NOT NULL CHECK (after_seq >= 0),
  at        INTEGER
) STRICT;

CREATE TABLE manual_complaints (
  id             TEXT    PRIMARY KEY,
  opened_at      INTEGER NOT NULL,
  deadline_at    INTEGER NOT NULL,
  opened_by      TEXT    NOT NULL,
  contact_masked TEXT    NOT NULL CHECK (contact_masked NOT GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'),
  summary        TEXT    NOT NULL,
  service_id     TEXT,
  window_id      TEXT,
  staff_code     TEXT,
  ticket_id      TEXT,
  command_id     TEXT
, callback_due_at INTEGER) STRICT;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE notify_contacts (
  ticket_id      TEXT PRIMARY KEY,
  business_day   TEXT NOT NULL,
  phone          TEXT,
  wechat_open_id TEXT,
  CHECK (phone IS NOT NULL OR wechat_open_id IS NOT NULL)
) STRICT;

CREATE TABLE "notify_outbox" (
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

CREATE TABLE pairing_codes (
  code_hash  TEXT    PRIMARY KEY,
  device_id  TEXT    NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;

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

CREATE TABLE region_link (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  url        TEXT    NOT NULL,
  hall_id    TEXT    NOT NULL,
  hall_name  TEXT    NOT NULL,
  token      TEXT    NOT NULL,
  code_hash  TEXT    NOT NULL,
  paired_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE region_link_acks (
  history_id TEXT    PRIMARY KEY REFERENCES histories (id),
  acked_seq  INTEGER NOT NULL CHECK (acked_seq >= 0),
  at         INTEGER NOT NULL
) STRICT;

CREATE TABLE remote_answers (
  request_id TEXT    PRIMARY KEY,
  answer     TEXT    NOT NULL,
  decided_at INTEGER NOT NULL
) STRICT;

CREATE TABLE remote_numbers (
  ticket_id    TEXT    PRIMARY KEY,
  business_day TEXT    NOT NULL,
  code         TEXT    NOT NULL,
  phone_tag    TEXT    NOT NULL,
  request_id   TEXT    NOT NULL UNIQUE,
  issued_at    INTEGER NOT NULL,
  UNIQUE (business_day, code)
) STRICT;

CREATE TABLE report_rollups (
  business_day TEXT NOT NULL,
  grouping     TEXT NOT NULL,
  -- The close it was computed after: a day reopened and closed again is computed anew.
  closed_at    INTEGER NOT NULL,
  body         TEXT NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (business_day, grouping)
) STRICT;

CREATE TABLE staff_credentials (
  staff_code      TEXT    PRIMARY KEY,
  pin_hash        TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER,
  updated_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE ticket_steps (
  -- The sequence number of the ticket_called event.
  seq          INTEGER PRIMARY KEY,
  ticket_id    TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  window_id    TEXT    NOT NULL,
  staff_code   TEXT,
  -- When the ticket joined the queue this call took it from: issued, previous step finished,
  -- transferred, put back or unparked.
  queued_at    INTEGER NOT NULL,
  called_at    INTEGER NOT NULL,
  started_at   INTEGER,
  ended_at     INTEGER,
  -- done, no_show, transferred, requeued, parked; NULL while called or serving.
  outcome      TEXT,
  -- When it went back into a queue after this call (a next step, a transfer, put back, unparked).
  requeued_at  INTEGER,
  -- The score of the rating given for the service this call finished.
  rating_score INTEGER, rating_channel TEXT, rating_reasons TEXT, rating_comment TEXT, matter_code TEXT, case_number TEXT,
  CHECK (queued_at <= called_at)
) STRICT;

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
  -- A number is never reused in a day, whatever the engine does: the id is the day and the
  -- number, and the id is the primary key.
  CHECK (id = business_day || '/' || number)
) STRICT;

CREATE TABLE visitor_id_figures (
  business_day TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  tickets      INTEGER NOT NULL DEFAULT 0,
  people       INTEGER NOT NULL DEFAULT 0,
  refused      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (business_day, service_id)
) STRICT;

CREATE TABLE visitor_id_keys (
  business_day TEXT PRIMARY KEY,
  key          TEXT NOT NULL CHECK (length(key) = 64)
) STRICT;

CREATE TABLE visitor_ids (
  actor_key    TEXT    NOT NULL,
  command_id   TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  id_hash      TEXT    NOT NULL CHECK (length(id_hash) = 64 AND id_hash NOT GLOB '*[^0-9a-f]*'),
  masked_name  TEXT    NOT NULL CHECK (masked_name NOT GLOB '*[0-9]*'),
  ticket_id    TEXT,
  at           INTEGER NOT NULL,
  PRIMARY KEY (actor_key, command_id)
) STRICT;

CREATE TABLE window_states (
  window_id         TEXT    PRIMARY KEY,
  status            TEXT    NOT NULL,
  staff_code        TEXT,
  current_ticket_id TEXT,
  since             INTEGER,
  body              TEXT    NOT NULL CHECK (json_valid(body)),
  updated_at        INTEGER NOT NULL
) STRICT;

CREATE INDEX appointments_booked_slot ON appointments (service_id, slot_at) WHERE status = 'booked';

CREATE UNIQUE INDEX appointments_day_code ON appointments (business_day, code);

CREATE INDEX appointments_id_hash ON appointments (business_day, id_hash)
  WHERE id_hash IS NOT NULL;

CREATE INDEX appointments_slot ON appointments (slot_at);

CREATE UNIQUE INDEX appointments_token ON appointments (token_hash) WHERE token_hash IS NOT NULL;

CREATE INDEX case_alerts_due ON case_alerts (next_at) WHERE status IN ('pending', 'sending');

CREATE INDEX clerk_sessions_device ON clerk_sessions (device_id) WHERE ended_at IS NULL;

CREATE INDEX clerk_sessions_expires ON clerk_sessions (expires_at);

CREATE INDEX clerk_sessions_staff ON clerk_sessions (staff_code) WHERE ended_at IS NULL;

CREATE INDEX complaint_actions_complaint ON complaint_actions (complaint_id, id);

CREATE INDEX complaints_opened ON complaints (opened_at);

CREATE INDEX complaints_staff_opened ON complaints (staff_code, opened_at);

CREATE INDEX complaints_status_deadline ON complaints (status, deadline_at);

CREATE INDEX complaints_ticket ON complaints (ticket_id);

CREATE INDEX config_history_after_seq ON config_history (after_seq);

CREATE INDEX events_at ON events (at);

CREATE INDEX events_marks ON events (type, seq)
  WHERE type = 'day_opened' OR type = 'config_changed';

CREATE INDEX manual_complaints_opened ON manual_complaints (opened_at);

CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE status IN ('pending', 'sending');

CREATE INDEX pairing_codes_device ON pairing_codes (device_id);

CREATE INDEX platform_outbox_due ON platform_outbox (next_at) WHERE status IN ('pending', 'sending');

CREATE INDEX region_instructions_received ON region_instructions (received_at);

CREATE INDEX remote_numbers_phone ON remote_numbers (business_day, phone_tag);

CREATE INDEX ticket_steps_report ON ticket_steps (business_day, service_id, window_id, staff_code,
  outcome, queued_at, called_at, started_at, ended_at, rating_score);

CREATE INDEX ticket_steps_ticket ON ticket_steps (ticket_id, seq);

CREATE INDEX visitor_ids_hash ON visitor_ids (business_day, id_hash);

CREATE INDEX visitor_ids_ticket ON visitor_ids (ticket_id);

CREATE TRIGGER case_rollups_complaint_changed AFTER UPDATE ON complaints
BEGIN
  DELETE FROM case_rollups WHERE business_day IN (substr(OLD.id, 1, 10), substr(NEW.id, 1, 10));
END;

CREATE TRIGGER case_rollups_complaint_opened AFTER INSERT ON complaints
BEGIN
  DELETE FROM case_rollups WHERE business_day = substr(NEW.id, 1, 10);
END;

CREATE TRIGGER case_rollups_followed_up AFTER INSERT ON complaint_actions
BEGIN
  DELETE FROM case_rollups WHERE business_day = substr(NEW.complaint_id, 1, 10);
END;

CREATE TRIGGER case_rollups_manual_entered AFTER INSERT ON manual_complaints
BEGIN
  DELETE FROM case_rollups WHERE business_day = substr(NEW.id, 1, 10);
END;

CREATE TRIGGER complaint_actions_no_delete BEFORE DELETE ON complaint_actions
BEGIN
  SELECT RAISE(ABORT, 'complaint follow-ups are append-only: DELETE is not allowed');
END;

CREATE TRIGGER complaint_actions_no_update BEFORE UPDATE ON complaint_actions
BEGIN
  SELECT RAISE(ABORT, 'complaint follow-ups are append-only: UPDATE is not allowed');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END;

CREATE TRIGGER manual_complaints_no_delete BEFORE DELETE ON manual_complaints
BEGIN
  SELECT RAISE(ABORT, 'manual complaints are append-only: DELETE is not allowed');
END;

CREATE TRIGGER manual_complaints_no_update BEFORE UPDATE ON manual_complaints
BEGIN
  SELECT RAISE(ABORT, 'manual complaints are append-only: UPDATE is not allowed');
END;
