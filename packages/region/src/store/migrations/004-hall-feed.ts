import { statements, type Migration } from './types.js';

/**
 * What the public page and a hall that never changed its configuration need of the projections
 * (docs/REGION.md, "Figures"):
 *
 * - `hall_histories.head_config`: the hall's configuration its hub sent with the first batch of
 *   the history (`LinkBatch.config`), kept so that the projections can be folded again from
 *   what the region holds: it is folded before the history's first event, as a `config_changed`.
 * - `hall_settings.services`: the hall's services in its own order with their names
 *   (`[{ id, name: { zh, en } | null }]`), for the public page.
 * - `hall_tickets.queue_service_ids`: the services whose queues a waiting ticket is in (the last
 *   ones it joined), for the public page's waiting per service.
 *
 * The projections of every hall's current history are then folded again from its events (the
 * fold of stored events that migration 2 did is done here, with these columns: the projector
 * writes them). The fold runs after the last pending step (`refold`): this release's projector
 * also writes columns of later steps (`hall_settings.sunshine`, the month rollups).
 */
const columns = statements(4, 'hall-feed', [
  `ALTER TABLE hall_histories ADD COLUMN head_config jsonb`,
  `ALTER TABLE hall_settings ADD COLUMN services jsonb NOT NULL DEFAULT '[]'`,
  `ALTER TABLE hall_tickets ADD COLUMN queue_service_ids text[] NOT NULL DEFAULT '{}'`,
]);

export const migration: Migration = {
  version: 4,
  name: 'hall-feed',
  up: (tx) => columns.up(tx),
  refold: true,
};
