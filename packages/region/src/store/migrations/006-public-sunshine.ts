import { statements } from './types.js';

/**
 * 阳光运行 on the public page (docs/REGION.md, "The public page").
 *
 * `hall_settings.sunshine`: for a hall that shows its windows in the open (`hall.sunshine` of its
 * configuration), its windows (id and number, in the hall's order) and the names of its staff by
 * code, as the hall display shows them; NULL for a hall that does not. Folded from the
 * configuration like the services' names.
 */
export const migration = statements(6, 'public-sunshine', [
  `ALTER TABLE hall_settings ADD COLUMN sunshine jsonb`,
]);
