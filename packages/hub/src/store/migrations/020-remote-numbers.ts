import type { Migration } from './types.js';

/**
 * 远程取号 (docs/VISITORS.md, "Numbers from the phone"): each number taken from the phone with its
 * confirmation code (unique in its day), the HMAC of the phone number (with the hall's booking
 * key, for the per-phone limit per day) and the region's request it answered. `remote_answers`
 * keeps the hub's answer to each request the region brought (issued or refused), so a request
 * brought twice is answered the same and never issues twice.
 */
const SQL = `
CREATE TABLE remote_numbers (
  ticket_id    TEXT    PRIMARY KEY,
  business_day TEXT    NOT NULL,
  code         TEXT    NOT NULL,
  phone_tag    TEXT    NOT NULL,
  request_id   TEXT    NOT NULL UNIQUE,
  issued_at    INTEGER NOT NULL,
  UNIQUE (business_day, code)
) STRICT;
CREATE INDEX remote_numbers_phone ON remote_numbers (business_day, phone_tag);
CREATE TABLE remote_answers (
  request_id TEXT    PRIMARY KEY,
  answer     TEXT    NOT NULL,
  decided_at INTEGER NOT NULL
) STRICT;
`;

export const migration: Migration = {
  version: 20,
  name: 'remote-numbers',
  up(db) {
    db.exec(SQL);
  },
};
