import type { Migration } from './types.js';

/**
 * The hall's link to a region (issue 15): the one row of the link, made when the hub traded a
 * one-time code (`onestop-hub --region URL --region-code CODE`), and the last sequence the region
 * acknowledged per history, kept after each of its answers so the link resumes from it.
 *
 * `token` is the hub's own credential to the region (it proves this hall to the region, not
 * anyone to this hub), so it is kept as it is, like a device keeps its token; `code_hash` is the
 * SHA-256 of the code it was traded for, so a start with the same code again trades nothing.
 */
const SQL = `
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
`;

export const migration: Migration = {
  version: 11,
  name: 'region-link',
  up(db) {
    db.exec(SQL);
  },
};
