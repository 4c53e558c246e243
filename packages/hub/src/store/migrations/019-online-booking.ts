import type { Migration } from './types.js';

/**
 * Booking from the phone (docs/VISITORS.md, "Booking online"): an appointment booked online
 * carries its origin, the SHA-256 of the visitor's token (the link to cancel or move it), the
 * phone number masked for the console, and an HMAC of the number (with the hall's own key, made
 * here and never leaving the hub) for the per-phone limit. `booking_answers` keeps the hub's
 * answer to each request the region brought, written in the same transaction as the booking it
 * made, so a request brought twice is answered twice the same and never booked twice.
 */
const SQL = `
ALTER TABLE appointments ADD COLUMN origin TEXT NOT NULL DEFAULT 'staff'
  CHECK (origin IN ('staff', 'online'));
ALTER TABLE appointments ADD COLUMN token_hash TEXT;
ALTER TABLE appointments ADD COLUMN phone_masked TEXT;
ALTER TABLE appointments ADD COLUMN phone_tag TEXT;
CREATE UNIQUE INDEX appointments_token ON appointments (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX appointments_booked_slot ON appointments (service_id, slot_at) WHERE status = 'booked';
CREATE TABLE booking_answers (
  request_id TEXT    PRIMARY KEY,
  answer     TEXT    NOT NULL,
  decided_at INTEGER NOT NULL
) STRICT;
CREATE TABLE booking_key (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  key TEXT    NOT NULL
) STRICT;
INSERT INTO booking_key (one, key) VALUES (1, lower(hex(randomblob(32))));
`;

export const migration: Migration = {
  version: 19,
  name: 'online-booking',
  up(db) {
    db.exec(SQL);
  },
};
