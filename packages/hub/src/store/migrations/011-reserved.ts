import type { Migration } from './types.js';

/**
 * Number 11 is the region link's migration (issue 15), written on another branch at the same
 * time as 12: on this branch it changes nothing, so that 12 follows an unbroken line. When both
 * branches meet, the region link's 011 takes this file's place.
 */
export const migration: Migration = {
  version: 11,
  name: 'reserved-for-region-link',
  up() {
    // Nothing: the region link's branch holds migration 11.
  },
};
