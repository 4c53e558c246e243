import { statements } from './types.js';

/**
 * Booking from the phone (docs/REGION.md, "The public edge"):
 *
 * - `booking_offers`: each hall's open slots as its hub last pushed them (services, slots, places
 *   left); the public page reads them, nothing personal in them.
 * - `bookings`: one row per booking, known by the SHA-256 of the visitor's token: the hall, the
 *   service, the slot, the code once the hall has accepted it, and its state.
 * - `booking_requests`: what a visitor asked (book, cancel, move) until the hall answers. The
 *   phone number of a booking request is kept only until then: the answer's UPDATE empties it
 *   (the CHECK holds it to that).
 * - `booking_challenges`: the small sums asked before a booking, each answered once.
 */
export const migration = statements(5, 'booking', [
  `CREATE TABLE booking_offers (
     hall_id   text        PRIMARY KEY REFERENCES halls (id),
     body      jsonb       NOT NULL,
     pushed_at timestamptz NOT NULL
   )`,
  `CREATE TABLE bookings (
     token_hash text        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
     hall_id    text        NOT NULL REFERENCES halls (id),
     service_id text        NOT NULL,
     slot_at    bigint      NOT NULL,
     code       text,
     state      text        NOT NULL CHECK (state IN ('pending', 'booked', 'refused', 'cancelled')),
     refusal    text,
     created_at timestamptz NOT NULL
   )`,
  `CREATE TABLE booking_requests (
     id          text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
     token_hash  text        NOT NULL REFERENCES bookings (token_hash),
     hall_id     text        NOT NULL REFERENCES halls (id),
     kind        text        NOT NULL CHECK (kind IN ('book', 'cancel', 'move')),
     slot_at     bigint,
     phone       text,
     created_at  timestamptz NOT NULL,
     answered_at timestamptz,
     outcome     text        CHECK (outcome IN ('accepted', 'refused')),
     reason      text,
     CHECK (answered_at IS NULL OR phone IS NULL),
     CHECK ((answered_at IS NULL) = (outcome IS NULL))
   )`,
  `CREATE INDEX booking_requests_open ON booking_requests (hall_id, created_at)
     WHERE answered_at IS NULL`,
  `CREATE INDEX booking_requests_phone ON booking_requests (phone) WHERE phone IS NOT NULL`,
  `CREATE INDEX booking_requests_token ON booking_requests (token_hash, created_at)`,
  `CREATE TABLE booking_challenges (
     id         text        PRIMARY KEY,
     answer     integer     NOT NULL,
     expires_at timestamptz NOT NULL
   )`,
]);
