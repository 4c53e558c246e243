import type Database from 'better-sqlite3';
import type { ComplaintActionRow } from './complaints.js';
import { sql, sqlWith } from './sql.js';

/** A score of 4 or 5 is "satisfied" (满意, 非常满意). */
export const SATISFIED_FROM = 4;

/** Hour-of-day groups are summed in 15-minute buckets (every timezone offset is a multiple). */
export const BUCKET_MS = 15 * 60_000;

/** What SQL groups by before the groups merge into a report's keys (department: by service). */
export type BaseKind = 'service' | 'window' | 'staff' | 'hour' | 'tag';

/** The base kinds of the calls themselves (a tag is a rating's, counted apart). */
export type StepKind = Exclude<BaseKind, 'tag'>;

/** A score of 1 or 2 is a poor rating (差评): it opens a case. */
export const POOR_UP_TO = 2;

/** A group's key as SQL gives it: an id, a 15-minute bucket, or null (none). */
export type Base = string | number | null;

/** What is summed of the calls (`ticket_steps`) of a group. */
export interface StepSums {
  base: Base;
  served: number;
  no_show: number;
  wait_sum: number | null;
  wait_n: number;
  service_sum: number | null;
  service_n: number;
  rated: number;
  score_sum: number | null;
  satisfied: number;
  /** Rated 1 or 2 (差评). */
  poor: number;
  transfers: number;
}

/** What is counted of the tickets of a group (their own figures, not their calls'). */
export interface TicketSums {
  base: Base;
  issued: number;
  cancelled: number;
  expired: number;
}

/** How many calls of a group waited `s` seconds. */
export interface WaitCount {
  base: Base;
  s: number;
  n: number;
}

export interface GroupCount {
  base: Base;
  n: number;
}

/** How many ratings of the days carried a tag, and how many of them were poor. */
export interface TagCount {
  tag: string;
  rated: number;
  score_sum: number;
  satisfied: number;
  poor: number;
}

/**
 * A case (a complaint a poor rating opened, or one entered by hand) with its two deadlines and
 * the service, window and clerk it names; `callback_due_at` null: entered before it had one.
 */
export interface CaseRow {
  id: string;
  service_id: string | null;
  window_id: string | null;
  staff_code: string | null;
  opened_at: number;
  deadline_at: number;
  callback_due_at: number | null;
  /**
   * For the hour: a rating's case, when its visitor joined the queue of the rated step (as the
   * complaints are counted); one entered by hand, when it was entered.
   */
  queued_at: number;
}

export interface ClosedDay {
  business_day: string;
  closed_at: number;
}

/** A closed day's figures, kept (`report_rollups`): `body` is the report's JSON of them. */
export interface KeptRollup extends ClosedDay {
  body: string;
}

/**
 * A business day's cases counted by where they stand (`case_rollups`, migration 027): as at
 * `computed_at`, every case standing still from `settled_at` on; `body` is the report's JSON.
 */
export interface CaseRollup {
  business_day: string;
  computed_at: number;
  settled_at: number;
  config_key: string;
  body: string;
}

/** A business day's counted cases as the report keeps them (`CaseRollup`'s columns). */
export interface KeptCases {
  businessDay: string;
  computedAt: number;
  settledAt: number;
  configKey: string;
  body: string;
}

/*
 * Fixed SQL per base kind, never built from input. What a ticket is (issued, cancelled,
 * expired) belongs to the service it was issued for and the hour it was issued, and to no
 * window or clerk. What happens at a window belongs to that call (`ticket_steps`): its window,
 * clerk and service, and the hour the visitor joined the queue it was called from.
 */
const TICKET_BASE_SQL: Record<StepKind, string> = {
  service: 't.service_id',
  window: 'NULL',
  staff: 'NULL',
  hour: `t.issued_at / ${BUCKET_MS}`,
};
const STEP_BASE_SQL: Record<StepKind, string> = {
  service: 's.service_id',
  window: 's.window_id',
  staff: 's.staff_code',
  hour: `s.queued_at / ${BUCKET_MS}`,
};
/** A rating's complaint: where its rated service was; its own fields if that call is unknown. */
const COMPLAINT_BASE_SQL: Record<StepKind, string> = {
  service: 'c.service_id',
  window: 'c.window_id',
  staff: 'c.staff_code',
  hour: `coalesce(s.queued_at, c.opened_at) / ${BUCKET_MS}`,
};
/** The same base for complaints entered by hand: what they name, and the hour they were entered. */
const MANUAL_BASE_SQL: Record<StepKind, string> = {
  service: 'm.service_id',
  window: 'm.window_id',
  staff: 'm.staff_code',
  hour: `m.opened_at / ${BUCKET_MS}`,
};

/**
 * What is summed of the calls (`ticket_steps s`) of a group: the reports and a window's own
 * day (`windowDay`) count with this one list, so they always agree. Counts are `total()`: 0,
 * never NULL, for a group where none matches.
 */
const STEP_SUMS_SQL = `total(s.outcome = 'done') AS served,
            total(s.outcome = 'no_show') AS no_show,
            sum(s.called_at - s.queued_at) AS wait_sum,
            count(*) AS wait_n,
            sum(CASE WHEN s.outcome = 'done' THEN s.ended_at - s.started_at END) AS service_sum,
            count(CASE WHEN s.outcome = 'done' THEN s.ended_at - s.started_at END) AS service_n,
            count(s.rating_score) AS rated,
            sum(s.rating_score) AS score_sum,
            total(s.rating_score >= ${SATISFIED_FROM}) AS satisfied,
            total(s.rating_score <= ${POOR_UP_TO}) AS poor,
            total(s.outcome = 'transferred') AS transfers`;

type Range = { readonly from: string; readonly to: string };
type IdRange = Range & { readonly idFrom: string; readonly idTo: string };

/** The ids of the days `from`..`to`: a ticket's or a case's id begins with its day and `/`. */
function dayIds(days: Range): IdRange {
  return { ...days, idFrom: `${days.from}/`, idTo: `${days.to}/~` };
}

/** The statements of one base kind, prepared when a report first groups by it. */
function kindStatements(db: Database.Database, kind: StepKind) {
  const step = STEP_BASE_SQL[kind];
  return {
    // A ticket's id begins with its business day (`2025-03-14/A001`): the day's tickets are a
    // range of the primary key, with no index of their own for the reports to keep up to date
    // on every issue and call (migration 025).
    tickets: sqlWith<IdRange>(
      db,
      `SELECT ${TICKET_BASE_SQL[kind]} AS base,
              count(*) AS issued,
              total(t.status = 'cancelled') AS cancelled,
              total(t.status = 'expired') AS expired
         FROM tickets t
        WHERE t.id BETWEEN @idFrom AND @idTo AND t.business_day BETWEEN @from AND @to
        GROUP BY base`,
    ),
    steps: sqlWith<Range>(
      db,
      `SELECT ${step} AS base, ${STEP_SUMS_SQL}
         FROM ticket_steps s INDEXED BY ticket_steps_report
        WHERE s.business_day BETWEEN @from AND @to
        GROUP BY base`,
    ),
    waits: sqlWith<Range>(
      db,
      `SELECT ${step} AS base, (s.called_at - s.queued_at) / 1000 AS s, count(*) AS n
         FROM ticket_steps s INDEXED BY ticket_steps_report
        WHERE s.business_day BETWEEN @from AND @to
        GROUP BY base, (s.called_at - s.queued_at) / 1000`,
    ),
    complaints: sqlWith<IdRange>(
      db,
      `SELECT ${COMPLAINT_BASE_SQL[kind]} AS base, count(*) AS n
         FROM complaints c CROSS JOIN tickets t ON t.id = c.ticket_id
         LEFT JOIN ticket_steps s ON s.ticket_id = c.ticket_id AND s.rating_score IS NOT NULL
        WHERE c.id BETWEEN @idFrom AND @idTo AND t.business_day BETWEEN @from AND @to
        GROUP BY base`,
    ),
    manualComplaints: sqlWith<Omit<IdRange, 'from' | 'to'>>(
      db,
      `SELECT ${MANUAL_BASE_SQL[kind]} AS base, count(*) AS n
         FROM manual_complaints m
        WHERE m.id BETWEEN @idFrom AND @idTo
        GROUP BY base`,
    ),
  };
}

/**
 * The reports' reads, on a connection of their own opened read-only: a report cannot write.
 * Each read is its own statement, so it sees every command committed before it.
 */
export class ReportQueries {
  private readonly byKind = new Map<StepKind, ReturnType<typeof kindStatements>>();
  private readonly q;

  constructor(private readonly db: Database.Database) {
    if (!db.readonly) throw new Error('the reports read on a read-only connection');
    this.q = {
      closedDays: sql(
        db,
        `SELECT business_day, closed_at FROM days
          WHERE status = 'closed' AND closed_at IS NOT NULL AND business_day BETWEEN @from AND @to
          ORDER BY business_day`,
      ),
      kept: sql(
        db,
        `SELECT business_day, closed_at, body FROM report_rollups
          WHERE grouping = @grouping AND business_day BETWEEN @from AND @to`,
      ),
      keptCases: sql(
        db,
        `SELECT business_day, computed_at, settled_at, config_key, body FROM case_rollups
          WHERE business_day BETWEEN @from AND @to ORDER BY business_day`,
      ),
      settling: sql(
        db,
        `SELECT business_day FROM case_rollups
          WHERE settled_at > computed_at AND settled_at <= @now ORDER BY business_day`,
      ),
      windowDay: sql(
        db,
        `SELECT NULL AS base, ${STEP_SUMS_SQL}
           FROM ticket_steps s INDEXED BY ticket_steps_report
          WHERE s.business_day = @businessDay AND s.window_id = @windowId
            AND (@staffCode IS NULL OR s.staff_code = @staffCode)`,
      ),
      tags: sql(
        db,
        `SELECT j.value AS tag, count(*) AS rated, sum(s.rating_score) AS score_sum,
                total(s.rating_score >= ${SATISFIED_FROM}) AS satisfied,
                total(s.rating_score <= ${POOR_UP_TO}) AS poor
           FROM ticket_steps s INDEXED BY ticket_steps_report, json_each(s.rating_reasons) j
          WHERE s.business_day BETWEEN @from AND @to
            AND s.rating_score IS NOT NULL AND s.rating_reasons IS NOT NULL
          GROUP BY j.value`,
      ),
      // A case's id begins with the business day it was opened for: the rated ticket's day
      // (`2025-03-14/A001`), the day it was entered by hand (`2025-03-14/M-001`).
      cases: sql(
        db,
        `SELECT c.id, c.service_id, c.window_id, c.staff_code, c.opened_at, c.deadline_at,
                json_extract(c.body, '$.callbackDueAt') AS callback_due_at,
                coalesce((SELECT min(s.queued_at) FROM ticket_steps s
                           WHERE s.ticket_id = c.ticket_id AND s.rating_score IS NOT NULL),
                         c.opened_at) AS queued_at
           FROM complaints c WHERE c.id BETWEEN @idFrom AND @idTo
         UNION ALL
         SELECT id, service_id, window_id, staff_code, opened_at, deadline_at, callback_due_at,
                opened_at AS queued_at
           FROM manual_complaints WHERE id BETWEEN @idFrom AND @idTo`,
      ),
      caseActions: sql(
        db,
        `SELECT complaint_id, at, staff_code, action, text, done_by, done_at
           FROM complaint_actions
          WHERE complaint_id BETWEEN @idFrom AND @idTo
          ORDER BY id`,
      ),
    };
  }

  private of(kind: StepKind): ReturnType<typeof kindStatements> {
    let statements = this.byKind.get(kind);
    if (!statements) {
      statements = kindStatements(this.db, kind);
      this.byKind.set(kind, statements);
    }
    return statements;
  }

  /** Tickets issued, cancelled and expired on the days `from`..`to`, by base. */
  tickets(kind: StepKind, days: Range): TicketSums[] {
    return this.of(kind).tickets.all<TicketSums>(dayIds(days));
  }

  /** The calls of the days `from`..`to`, summed by base. */
  steps(kind: StepKind, days: Range): StepSums[] {
    return this.of(kind).steps.all<StepSums>(days);
  }

  /** The calls of the days `from`..`to`, counted by base and wait (to the second). */
  waits(kind: StepKind, days: Range): WaitCount[] {
    return this.of(kind).waits.all<WaitCount>(days);
  }

  /** Complaints poor ratings opened for the tickets of the days `from`..`to`, by base. */
  ratingComplaints(kind: StepKind, days: Range): GroupCount[] {
    // A complaint's id starts with its ticket's business day: `2025-03-14/C001`.
    return this.of(kind).complaints.all<GroupCount>(dayIds(days));
  }

  /** Complaints entered by hand on the days `from`..`to` (their ids begin with it), by base. */
  manualComplaints(kind: StepKind, days: Range): GroupCount[] {
    const { idFrom, idTo } = dayIds(days);
    return this.of(kind).manualComplaints.all<GroupCount>({ idFrom, idTo });
  }

  /** The ratings of the days `from`..`to` that carried each tag (a rating counts once per tag). */
  tags(days: Range): TagCount[] {
    return this.q.tags.all<TagCount>(days);
  }

  /** The cases opened for the days `from`..`to`, both kinds, with their follow-up steps. */
  cases(days: Range): { cases: CaseRow[]; actions: ComplaintActionRow[] } {
    const { idFrom, idTo } = dayIds(days);
    const ids = { idFrom, idTo };
    return {
      cases: this.q.cases.all<CaseRow>(ids),
      actions: this.q.caseActions.all<ComplaintActionRow>(ids),
    };
  }

  /** The days among `from`..`to` whose cases were counted (`case_rollups`), in order. */
  keptCases(days: Range): CaseRollup[] {
    return this.q.keptCases.all<CaseRollup>(days);
  }

  /** The days counted before their cases stood still that stand still at `now`. */
  settlingCases(now: number): string[] {
    return this.q.settling.all<{ business_day: string }>({ now }).map((r) => r.business_day);
  }

  /** The closed days among `from`..`to`, in order. */
  closedDays(days: Range): ClosedDay[] {
    return this.q.closedDays.all<ClosedDay>(days);
  }

  /** The figures kept for the days `from`..`to` grouped by `kind`. */
  keptRollups(kind: BaseKind, days: Range): KeptRollup[] {
    return this.q.kept.all<KeptRollup>({ grouping: kind, ...days });
  }

  /** One window's calls of one day, summed; only its clerk's when `staffCode` is not null. */
  windowDay(businessDay: string, windowId: string, staffCode: string | null): StepSums | undefined {
    return this.q.windowDay.get<StepSums>({ businessDay, windowId, staffCode });
  }
}

/** Keeps closed days' figures (`report_rollups`) and days' cases (`case_rollups`): the tables a report writes to. */
export class RollupWriter {
  private readonly insert;
  private readonly insertCases;

  constructor(private readonly db: Database.Database) {
    this.insert = sql(
      db,
      `INSERT OR REPLACE INTO report_rollups (business_day, grouping, closed_at, body)
       VALUES (@businessDay, @grouping, @closedAt, @body)`,
    );
    this.insertCases = sql(
      db,
      `INSERT OR REPLACE INTO case_rollups (business_day, computed_at, settled_at, config_key, body)
       VALUES (@businessDay, @computedAt, @settledAt, @configKey, @body)`,
    );
  }

  /** Keeps these days' figures, in one transaction. */
  keep(
    rollups: readonly { businessDay: string; grouping: BaseKind; closedAt: number; body: string }[],
  ): void {
    if (rollups.length === 0) return;
    this.db
      .transaction(() => {
        for (const r of rollups) this.insert.run(r);
      })
      .immediate();
  }

  /** Keeps these days' counted cases, in one transaction. */
  keepCases(rollups: readonly KeptCases[]): void {
    if (rollups.length === 0) return;
    this.db
      .transaction(() => {
        for (const r of rollups) this.insertCases.run(r);
      })
      .immediate();
  }
}
