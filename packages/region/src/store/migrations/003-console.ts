import { statements } from './types.js';

/**
 * The regional console (docs/REGION.md, "The regional console"): its accounts and their login
 * sessions, the supervision instructions (督办) sent down the link, and what each hall's hub last
 * told the region of itself when it asked for them.
 *
 * - `accounts.password_hash` is a salted scrypt hash (@onestop/http's `hashPassword`, the hub's
 *   PIN hashing); `console_sessions.token_hash` the SHA-256 of the session cookie's value.
 * - `account_halls`: the halls a supervisor sees; a region admin sees every hall.
 * - `instructions`: given by an account to a hall; whether the hall received and answered it is
 *   read from the hall's own events (`instruction_received`, `instruction_answered`), found by the
 *   partial index on the instruction's id, so the region keeps no second copy of those facts.
 * - `hall_reports`: the hub's newest sequence when it last asked for instructions, for the
 *   console's "N events behind" and "offline since".
 */
export const migration = statements(3, 'console', [
  `CREATE TABLE accounts (
     id            text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
     name          text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
     role          text        NOT NULL CHECK (role IN ('region_admin', 'supervisor')),
     password_hash text        NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
     created_at    timestamptz NOT NULL,
     disabled_at   timestamptz
   )`,
  `CREATE TABLE account_halls (
     account_id text NOT NULL REFERENCES accounts (id),
     hall_id    text NOT NULL REFERENCES halls (id),
     PRIMARY KEY (account_id, hall_id)
   )`,
  `CREATE TABLE console_sessions (
     token_hash   text        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
     account_id   text        NOT NULL REFERENCES accounts (id),
     created_at   timestamptz NOT NULL,
     expires_at   timestamptz NOT NULL
   )`,
  `CREATE INDEX console_sessions_account ON console_sessions (account_id)`,
  `CREATE TABLE instructions (
     id           text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
     hall_id      text        NOT NULL REFERENCES halls (id),
     complaint_id text,
     text         text        NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
     deadline     timestamptz NOT NULL,
     issued_at    timestamptz NOT NULL,
     account_id   text        NOT NULL REFERENCES accounts (id),
     issued_by    text        NOT NULL
   )`,
  `CREATE INDEX instructions_hall ON instructions (hall_id, issued_at)`,
  `CREATE INDEX events_instruction ON events ((body ->> 'instructionId'))
     WHERE type IN ('instruction_received', 'instruction_answered')`,
  `CREATE TABLE hall_reports (
     hall_id     text        PRIMARY KEY REFERENCES halls (id),
     history_id  text        NOT NULL,
     last_seq    bigint      NOT NULL CHECK (last_seq >= 0),
     reported_at timestamptz NOT NULL
   )`,
]);
