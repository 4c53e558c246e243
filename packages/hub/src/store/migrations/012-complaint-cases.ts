import type { Migration } from './types.js';

/**
 * A complaint's case (好差评's closed loop for poor ratings): a call-back deadline beside the
 * rectification deadline of a complaint entered by hand (`callback_due_at`; null for one
 * entered before, read as 1 working day after it was opened), and on each follow-up step who
 * did it (`done_by`: who called the visitor back, who made the change) and when the visitor
 * was reached (`done_at`; null: when it was entered). Both tables stay append-only.
 */
const SQL = `
ALTER TABLE manual_complaints ADD COLUMN callback_due_at INTEGER;
ALTER TABLE complaint_actions ADD COLUMN done_by TEXT;
ALTER TABLE complaint_actions ADD COLUMN done_at INTEGER;
`;

export const migration: Migration = {
  version: 12,
  name: 'complaint-cases',
  up(db) {
    db.exec(SQL);
  },
};
