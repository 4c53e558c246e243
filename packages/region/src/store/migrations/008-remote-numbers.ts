import { statements } from './types.js';

/**
 * Numbers from the phone (远程取号; docs/REGION.md, "The public edge"):
 *
 * - `remote_offers`: what each hall gives numbers to phones for (services, hours), as its hub
 *   last pushed it; nothing personal in it.
 * - `remote_requests`: one row per visitor's request, known by the SHA-256 of the page's token
 *   (the id the hub answers under): the hall, the service, the phone number until the hall has
 *   answered (the answer's UPDATE empties it; the CHECK holds it to that), then the answer.
 */
export const migration = statements(8, 'remote numbers', [
  `CREATE TABLE remote_offers (
     hall_id   text        PRIMARY KEY REFERENCES halls (id),
     body      jsonb       NOT NULL,
     pushed_at timestamptz NOT NULL
   )`,
  `CREATE TABLE remote_requests (
     id          text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
     hall_id     text        NOT NULL REFERENCES halls (id),
     service_id  text        NOT NULL,
     phone       text,
     created_at  timestamptz NOT NULL,
     answered_at timestamptz,
     answer      jsonb,
     CHECK (answered_at IS NULL OR phone IS NULL),
     CHECK ((answered_at IS NULL) = (answer IS NULL))
   )`,
  `CREATE INDEX remote_requests_open ON remote_requests (hall_id, created_at)
     WHERE answered_at IS NULL`,
  `CREATE INDEX remote_requests_phone ON remote_requests (phone) WHERE phone IS NOT NULL`,
]);
