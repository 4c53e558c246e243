import { statements } from './types.js';

/**
 * The ID number a visitor may type on the phone pages (docs/REGION.md, "The public edge"): kept
 * with the request only until the hall has answered, like the phone number (the answer's UPDATE
 * empties it; the CHECK holds it to that). The hub only hashes it for the ticket or booking.
 */
export const migration = statements(9, 'remote id number', [
  `ALTER TABLE remote_requests ADD COLUMN id_number text`,
  `ALTER TABLE remote_requests ADD CONSTRAINT remote_requests_id_number_answered
     CHECK (answered_at IS NULL OR id_number IS NULL)`,
  `ALTER TABLE booking_requests ADD COLUMN id_number text`,
  `ALTER TABLE booking_requests ADD CONSTRAINT booking_requests_id_number_answered
     CHECK (answered_at IS NULL OR id_number IS NULL)`,
]);
