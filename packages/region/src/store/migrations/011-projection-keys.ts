import { statements } from './types.js';

/**
 * The foreign keys on `halls (id)` of the projections the ingest writes per event (tickets,
 * calls, windows, days, complaints) dropped: each row cost a lookup in `halls` (about 0.45 ms of
 * the server's time per 120 rows, a batch's tickets or calls), and none of them protects
 * anything. These rows are written only by the fold of a hall's batch (store/projector.ts), in
 * the transaction that first found the hall by its link token and then locked the hall's row of
 * `hall_histories`, whose own foreign key on `halls` stays; and a hall is never deleted (only
 * revoked), nor its id changed. The foreign keys that protect what a user can do stay: the
 * console's accounts and instructions, pairing codes, bookings, the public pages' rows, the
 * rollups (written by tools and tests too) and `hall_settings`.
 */
export const migration = statements(11, 'projection keys', [
  'ALTER TABLE hall_tickets DROP CONSTRAINT hall_tickets_hall_id_fkey',
  'ALTER TABLE hall_steps DROP CONSTRAINT hall_steps_hall_id_fkey',
  'ALTER TABLE hall_windows DROP CONSTRAINT hall_windows_hall_id_fkey',
  'ALTER TABLE hall_days DROP CONSTRAINT hall_days_hall_id_fkey',
  'ALTER TABLE hall_complaints DROP CONSTRAINT hall_complaints_hall_id_fkey',
]);
