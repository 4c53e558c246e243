import type { Migration } from './types.js';

/**
 * The resident ID card at the kiosk (hall.idLimit): for the day only, the key the ID numbers
 * are hashed with (`visitor_id_keys`), and per ticket issued with a card the number's hash and
 * the masked name (`visitor_ids`; keyed by the kiosk's command, the ticket's id once committed).
 * Never the number, the address or the photo. When the day closes its keys and rows are deleted
 * and only the counts stay (`visitor_id_figures`; service '*' is the whole day).
 */
const SQL = `
CREATE TABLE visitor_id_keys (
  business_day TEXT PRIMARY KEY,
  key          TEXT NOT NULL CHECK (length(key) = 64)
) STRICT;

CREATE TABLE visitor_ids (
  actor_key    TEXT    NOT NULL,
  command_id   TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  id_hash      TEXT    NOT NULL CHECK (length(id_hash) = 64 AND id_hash NOT GLOB '*[^0-9a-f]*'),
  masked_name  TEXT    NOT NULL CHECK (masked_name NOT GLOB '*[0-9]*'),
  ticket_id    TEXT,
  at           INTEGER NOT NULL,
  PRIMARY KEY (actor_key, command_id)
) STRICT;

CREATE INDEX visitor_ids_hash ON visitor_ids (business_day, id_hash);
CREATE INDEX visitor_ids_ticket ON visitor_ids (ticket_id);

CREATE TABLE visitor_id_figures (
  business_day TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  tickets      INTEGER NOT NULL DEFAULT 0,
  people       INTEGER NOT NULL DEFAULT 0,
  refused      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (business_day, service_id)
) STRICT;
`;

export const migration: Migration = {
  version: 13,
  name: 'visitor-ids',
  up(db) {
    db.exec(SQL);
  },
};
