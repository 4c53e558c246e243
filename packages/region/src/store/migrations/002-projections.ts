import { projectStoredHistories } from '../projector.js';
import { statements, type Migration } from './types.js';

/**
 * The region's projections of each hall's current history, folded from its events in the ingest
 * transaction (store/projector.ts), and the closed days' figures kept from them
 * (store/rollups.ts). Times are epoch milliseconds (`bigint`), as the hall keeps them, so that
 * every difference and division is the hall's own.
 *
 * - `hall_tickets`: one row per ticket: its day, first service, time of issue and status.
 * - `hall_steps`: one row per call of a ticket to a window (named by the call's event seq):
 *   window, clerk, service, when the visitor joined the queue it was called from, called,
 *   started and ended, how it ended, the rating's score.
 * - `hall_windows`, `hall_days`: what is open now and which days are closed.
 * - `hall_complaints`: the complaints poor ratings opened (`rating`) and those entered by hand
 *   (`manual`), their deadline and whether they are closed, for supervision.
 * - `hall_settings`: the hall's timezone and each service's department, from its last
 *   `config_changed` (null until the hall sends one).
 * - `day_rollups`: a closed day's figures per dimension (`hall`, `service`, `window`, `staff`,
 *   `hour`) and key, with the waits counted per second (`wait_s[i]` seconds, `wait_c[i]` calls).
 *
 * When a hall begins a new history its rows here are removed and folded again from the new
 * history's events; the events of the old one stay (for the audit). The events held before this
 * step are folded by it, so an upgraded region has its halls' figures at once.
 */
const tables = statements(2, 'projections', [
  `CREATE TABLE hall_tickets (
     hall_id      text    NOT NULL REFERENCES halls (id),
     ticket_id    text    NOT NULL,
     business_day date    NOT NULL,
     service_id   text    NOT NULL,
     issued_at    bigint  NOT NULL,
     status       text    NOT NULL,
     queued_since bigint,
     PRIMARY KEY (hall_id, ticket_id)
   )`,
  `CREATE INDEX hall_tickets_day ON hall_tickets (hall_id, business_day)`,
  `CREATE TABLE hall_steps (
     hall_id      text    NOT NULL REFERENCES halls (id),
     seq          bigint  NOT NULL,
     ticket_id    text    NOT NULL,
     business_day date    NOT NULL,
     service_id   text    NOT NULL,
     window_id    text    NOT NULL,
     staff_code   text,
     queued_at    bigint  NOT NULL,
     called_at    bigint  NOT NULL,
     started_at   bigint,
     ended_at     bigint,
     outcome      text CHECK (outcome IN ('done', 'no_show', 'transferred', 'requeued', 'parked')),
     requeued_at  bigint,
     rating_score integer,
     PRIMARY KEY (hall_id, seq)
   )`,
  `CREATE INDEX hall_steps_ticket ON hall_steps (hall_id, ticket_id)`,
  `CREATE INDEX hall_steps_day ON hall_steps (hall_id, business_day)`,
  `CREATE TABLE hall_windows (
     hall_id    text   NOT NULL REFERENCES halls (id),
     window_id  text   NOT NULL,
     status     text   NOT NULL CHECK (status IN ('open', 'paused', 'closed')),
     staff_code text,
     since      bigint NOT NULL,
     PRIMARY KEY (hall_id, window_id)
   )`,
  `CREATE TABLE hall_days (
     hall_id      text   NOT NULL REFERENCES halls (id),
     business_day date   NOT NULL,
     status       text   NOT NULL CHECK (status IN ('open', 'closed')),
     opened_at    bigint NOT NULL,
     closed_at    bigint,
     PRIMARY KEY (hall_id, business_day)
   )`,
  `CREATE TABLE hall_complaints (
     hall_id      text    NOT NULL REFERENCES halls (id),
     complaint_id text    NOT NULL,
     kind         text    NOT NULL CHECK (kind IN ('rating', 'manual')),
     business_day date    NOT NULL,
     ticket_id    text,
     service_id   text,
     window_id    text,
     staff_code   text,
     score        integer,
     opened_at    bigint  NOT NULL,
     deadline_at  bigint,
     status       text    NOT NULL CHECK (status IN ('open', 'closed')),
     last_action  text,
     updated_at   bigint  NOT NULL,
     PRIMARY KEY (hall_id, complaint_id)
   )`,
  `CREATE INDEX hall_complaints_open ON hall_complaints (deadline_at) WHERE status = 'open'`,
  `CREATE TABLE hall_settings (
     hall_id     text  PRIMARY KEY REFERENCES halls (id),
     timezone    text  NOT NULL,
     departments jsonb NOT NULL
   )`,
  `CREATE TABLE day_rollups (
     dim          text    NOT NULL CHECK (dim IN ('hall', 'service', 'window', 'staff', 'hour')),
     business_day date    NOT NULL,
     hall_id      text    NOT NULL REFERENCES halls (id),
     key          text    NOT NULL,
     issued       integer NOT NULL,
     cancelled    integer NOT NULL,
     expired      integer NOT NULL,
     served       integer NOT NULL,
     no_show      integer NOT NULL,
     wait_sum     bigint  NOT NULL,
     wait_n       integer NOT NULL,
     service_sum  bigint  NOT NULL,
     service_n    integer NOT NULL,
     rated        integer NOT NULL,
     score_sum    integer NOT NULL,
     satisfied    integer NOT NULL,
     transfers    integer NOT NULL,
     complaints   integer NOT NULL,
     wait_s       integer[] NOT NULL,
     wait_c       integer[] NOT NULL,
     PRIMARY KEY (dim, business_day, hall_id, key)
   )`,
  `CREATE INDEX day_rollups_hall ON day_rollups (hall_id, business_day)`,
]);

export const migration: Migration = {
  version: 2,
  name: 'projections',
  async up(tx) {
    await tables.up(tx);
    await projectStoredHistories(tx);
  },
};
