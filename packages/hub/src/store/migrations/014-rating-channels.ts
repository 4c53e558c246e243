import { projectRatingsFromLog } from '../steps.js';
import type { Migration } from './types.js';

/**
 * 好差评 per service step: with a step's rating score, where it was given (`rating_channel`:
 * 'pad' or 'qr'; the ratings before the QR code were all the pad's), the tags picked
 * (`rating_reasons`, a JSON array of tag ids) and the visitor's comment; and the step's matter code
 * (事项编码) and the case number the clerk entered at finish (办件编号). The ratings already in
 * the log are folded in again for their tags, so the reports count tags of every day.
 */
const SQL = `
ALTER TABLE ticket_steps ADD COLUMN rating_channel TEXT;
ALTER TABLE ticket_steps ADD COLUMN rating_reasons TEXT;
ALTER TABLE ticket_steps ADD COLUMN rating_comment TEXT;
ALTER TABLE ticket_steps ADD COLUMN matter_code TEXT;
ALTER TABLE ticket_steps ADD COLUMN case_number TEXT;
`;

export const migration: Migration = {
  version: 14,
  name: 'rating-channels',
  up(db) {
    db.exec(SQL);
    projectRatingsFromLog(db);
  },
};
