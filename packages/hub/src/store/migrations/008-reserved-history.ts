import type { Migration } from './types.js';

/**
 * Version 8 is the `history` branch's migration. This step only holds its place so that 9 can
 * follow in order on this branch: it changes nothing, and it is replaced by the real 8 when both
 * branches are merged (a file at version 8 from this placeholder has nothing for 8 to undo).
 */
export const migration: Migration = {
  version: 8,
  name: 'reserved-history',
  up() {
    // Nothing: see above.
  },
};
