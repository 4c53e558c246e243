import type { Migration } from './types.js';

/**
 * Clerks' logins at window terminals, kept so that a restarted hub still knows them: the
 * login's token only as its SHA-256 hash, the terminal (device) it belongs to, and its expiry.
 * `pin_tag` is a hash of the clerk's PIN hash at login: a PIN set since ends the login. A login
 * that ended (logout, a newer login at the terminal, the clerk disabled) keeps its row with
 * `ended_at` and why, so the terminal can be told; rows long past their expiry are deleted.
 */
const SQL = `
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
CREATE INDEX clerk_sessions_device ON clerk_sessions (device_id) WHERE ended_at IS NULL;
CREATE INDEX clerk_sessions_staff ON clerk_sessions (staff_code) WHERE ended_at IS NULL;
CREATE INDEX clerk_sessions_expires ON clerk_sessions (expires_at);
`;

export const migration: Migration = {
  version: 9,
  name: 'clerk-sessions',
  up(db) {
    db.exec(SQL);
  },
};
