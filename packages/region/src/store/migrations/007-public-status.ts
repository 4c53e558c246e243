import { statements } from './types.js';

/*
 * The ticket's status and rating on the public edge (docs/REGION.md, "The public edge").
 *
 * - `public_halls`: each hall's name and rating tags as its hub last pushed them.
 * - `public_tickets`: what the status page shows of each ticket of the hall's day, known by the
 *   SHA-256 of the ticket's token (never the token, nothing of the visitor); the hub's push drops
 *   them at its day close.
 * - `public_ratings`: a rating or 追评 taken by the page until the hall answers it, then its
 *   outcome (the visitor's words are emptied with the answer: the hall has them then).
 */
export const migration = statements(7, 'public-status', [
  `CREATE TABLE public_halls (
     hall_id   text        PRIMARY KEY REFERENCES halls (id),
     hall      jsonb       NOT NULL,
     tags      jsonb       NOT NULL,
     pushed_at timestamptz NOT NULL
   )`,
  `CREATE TABLE public_tickets (
     hall_id   text        NOT NULL REFERENCES halls (id),
     key       text        NOT NULL CHECK (key ~ '^[0-9a-f]{64}$'),
     body      jsonb       NOT NULL,
     pushed_at timestamptz NOT NULL,
     PRIMARY KEY (hall_id, key)
   )`,
  `CREATE TABLE public_ratings (
     id          text        PRIMARY KEY CHECK (id ~ '^PR-[0-9a-f]{24}$'),
     hall_id     text        NOT NULL REFERENCES halls (id),
     key         text        NOT NULL CHECK (key ~ '^[0-9a-f]{64}$'),
     kind        text        NOT NULL CHECK (kind IN ('rate', 'follow_up')),
     body        jsonb,
     created_at  timestamptz NOT NULL,
     answered_at timestamptz,
     outcome     text        CHECK (outcome IN ('accepted', 'refused')),
     reason      text,
     CHECK ((answered_at IS NULL) = (outcome IS NULL)),
     CHECK (answered_at IS NULL OR body IS NULL)
   )`,
  `CREATE UNIQUE INDEX public_ratings_one_open ON public_ratings (hall_id, key)
     WHERE answered_at IS NULL`,
  `CREATE INDEX public_ratings_ticket ON public_ratings (hall_id, key, created_at)`,
]);
