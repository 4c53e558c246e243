import type { Migration } from './types.js';

/**
 * Indexes no query uses, dropped: every one costs a page write in each transaction that adds or
 * changes a row, on the hot path of every ticket issued or called (bench/README.md, figure 1).
 * Checked against every query (store/statements.ts, store/steps.ts, reports/, server/admin-*.ts,
 * restore.ts) with EXPLAIN QUERY PLAN:
 * - events by business day, ticket or window: the audit search filters these as `? IS NULL OR
 *   column = ?`, which no index serves (it searches `events_at`); the current day's events are
 *   found through `events_type_at` (a few `day_opened` rows);
 * - tickets by day and service, status, window or clerk: the reports read `tickets_report`
 *   (whose first columns are the day and service), everything else reads a ticket by its id;
 * - `tickets_transfers`: the reports count transfers from `ticket_steps` now; it made every
 *   ticket write parse the ticket's JSON body;
 * - `command_results_at`: read once a day, when the day opens and results older than a day are
 *   pruned (a scan of at most two days of results), but written by every command.
 */
const SQL = `
DROP INDEX IF EXISTS events_business_day;
DROP INDEX IF EXISTS events_ticket;
DROP INDEX IF EXISTS events_window;
DROP INDEX IF EXISTS tickets_day_service;
DROP INDEX IF EXISTS tickets_day_status;
DROP INDEX IF EXISTS tickets_window_day;
DROP INDEX IF EXISTS tickets_staff_day;
DROP INDEX IF EXISTS tickets_transfers;
DROP INDEX IF EXISTS command_results_at;
`;

export const migration: Migration = {
  version: 6,
  name: 'drop-unused-indexes',
  up(db) {
    db.exec(SQL);
  },
};
