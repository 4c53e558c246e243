import type { Migration } from './types.js';

/**
 * An appointment found by the resident ID card (issue 17): a booking may carry the HMAC of the
 * visitor's ID number, made with the hall's booking key (never the number), so that the card
 * read at a kiosk finds today's booking. The hash is cleared once the booking's day has closed.
 */
const SQL = `
ALTER TABLE appointments ADD COLUMN id_hash TEXT
  CHECK (id_hash IS NULL OR (length(id_hash) = 64 AND id_hash NOT GLOB '*[^0-9a-f]*'));
CREATE INDEX appointments_id_hash ON appointments (business_day, id_hash)
  WHERE id_hash IS NOT NULL;
`;

export const migration: Migration = {
  version: 23,
  name: 'appointment-id-hash',
  up(db) {
    db.exec(SQL);
  },
};
