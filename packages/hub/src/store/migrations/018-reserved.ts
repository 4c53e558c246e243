import type { Migration } from './types.js';

/**
 * Version 18 belongs to another branch of this round (issue 19); this empty step only keeps the
 * numbers contiguous on the booking branch until the two are merged, when that branch's
 * migration 018 takes its place.
 */
export const migration: Migration = {
  version: 18,
  name: 'reserved',
  up() {},
};
