import type { Migration } from './types.js';

/**
 * The appointment book. A code is unique on its business day; the visitor's phone is never
 * stored, only a salted hash of its last 4 digits. A booking becomes `checked_in` with the
 * ticket the kiosk issued for it.
 */
const SQL = `
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
  cancel_key   TEXT,
  CHECK ((phone_salt IS NULL) = (phone_hash IS NULL)),
  CHECK ((status = 'checked_in') = (ticket_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX appointments_day_code ON appointments (business_day, code);
CREATE INDEX appointments_slot ON appointments (slot_at);
`;

export const migration: Migration = {
  version: 3,
  name: 'appointments',
  up(db) {
    db.exec(SQL);
  },
};
