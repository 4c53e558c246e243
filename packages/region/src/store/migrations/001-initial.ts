import { statements } from './types.js';

/**
 * The halls, their one-time pairing codes, their histories with the link's position, and the
 * events, partitioned by month of the event's time (UTC).
 *
 * - `halls.token_hash` is the SHA-256 of the hall's bearer token (hex): the token itself is never
 *   stored. `pairing_codes.code_hash` likewise for the one-time code.
 * - `hall_histories`: one row per (hall, history), holding the last sequence the region has
 *   committed (`acked_seq`); the newest history of a hall is its current one (at most one per
 *   hall, by the partial unique index).
 * - `events`: partitioned by range on `at`, one partition per month, made on demand by the
 *   ingest transaction (store/partitions.ts). A partitioned table's primary key must contain its
 *   partition key, so the key is (hall, history, seq, at); that (hall, history, seq) is held
 *   once is the ingest's doing: it inserts only sequences above the position it has locked.
 *   Events are never updated or deleted (old months are dropped whole, as partitions).
 */
export const migration = statements(1, 'initial', [
  `CREATE TABLE halls (
     id           text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
     name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
     token_hash   text        UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
     hub_version  text,
     created_at   timestamptz NOT NULL,
     paired_at    timestamptz,
     revoked_at   timestamptz,
     last_seen_at timestamptz
   )`,
  `CREATE TABLE pairing_codes (
     code_hash  text        PRIMARY KEY CHECK (code_hash ~ '^[0-9a-f]{64}$'),
     hall_id    text        NOT NULL REFERENCES halls (id),
     created_at timestamptz NOT NULL,
     expires_at timestamptz NOT NULL,
     used_at    timestamptz
   )`,
  `CREATE INDEX pairing_codes_hall ON pairing_codes (hall_id)`,
  `CREATE TABLE hall_histories (
     hall_id    text        NOT NULL REFERENCES halls (id),
     history_id text        NOT NULL CHECK (history_id ~ '^[A-Za-z0-9-]{1,64}$'),
     first_seen timestamptz NOT NULL,
     acked_seq  bigint      NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
     is_current boolean     NOT NULL,
     updated_at timestamptz NOT NULL,
     PRIMARY KEY (hall_id, history_id)
   )`,
  `CREATE UNIQUE INDEX hall_histories_current ON hall_histories (hall_id) WHERE is_current`,
  `CREATE TABLE events (
     hall_id      text        NOT NULL,
     history_id   text        NOT NULL,
     seq          bigint      NOT NULL CHECK (seq >= 1),
     at           timestamptz NOT NULL,
     type         text        NOT NULL,
     business_day date,
     ticket_id    text,
     window_id    text,
     body         jsonb       NOT NULL,
     received_at  timestamptz NOT NULL,
     PRIMARY KEY (hall_id, history_id, seq, at)
   ) PARTITION BY RANGE (at)`,
  `CREATE INDEX events_hall_day ON events (hall_id, business_day)`,
  `CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'events are append-only';
   END
   $$`,
  `CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
     FOR EACH ROW EXECUTE FUNCTION events_append_only()`,
]);
