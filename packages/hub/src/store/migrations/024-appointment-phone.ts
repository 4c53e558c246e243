import type { Migration } from './types.js';

/**
 * A phone at check-in (issue 17, docs/VISITORS.md): an online booking keeps the visitor's mobile
 * number until its day, so that the ticket its check-in issues gets the turn-near messages. The
 * number leaves the row at check-in (it then stays beside the ticket, features/notify), when the
 * booking is cancelled, and when its business day closes (deleted with `secure_delete`).
 * Reserved as migration 024; numbered 23 on its branch, where 023 is not yet merged.
 */
const SQL = `ALTER TABLE appointments ADD COLUMN phone TEXT;`;

export const migration: Migration = {
  version: 24,
  name: 'appointment-phone',
  up(db) {
    db.exec(SQL);
  },
};
