import { createHash } from 'node:crypto';
import {
  addWorkingDays,
  DEFAULT_CALLBACK_DAYS,
  hallClock,
  type CaseDeadlineState,
  type DayFigures,
  type DayFiguresResult,
  type HallConfig,
  type ReportGrouping,
  type ReportResult,
  type RatingFigures,
  type ReportRow,
} from '@onestop/shared';
import { caseStanding, followUp } from '../features/complaints/complaints.js';
import {
  BUCKET_MS,
  SATISFIED_FROM,
  type Base,
  type BaseKind,
  type CaseRow,
  type KeptCases,
  type ReportQueries,
  type StepKind,
  type StepSums,
  type TicketSums,
} from '../store/index.js';

export { SATISFIED_FROM };

/** What a report reads (on a read-only connection) and what it keeps: closed days' figures, days' cases. */
export interface ReportSource {
  readonly reports: ReportQueries;
  keepRollups(
    rollups: readonly { businessDay: string; grouping: BaseKind; closedAt: number; body: string }[],
  ): void;
  /** Keeps business days' counted cases (`case_rollups`). */
  keepCaseRollups(rollups: readonly KeptCases[]): void;
}

/** The figures of one base group, summed by SQL: its tickets' own and its calls'. */
type GroupSums = Omit<StepSums, 'transfers'> & Omit<TicketSums, 'base'>;

const NONE = '(none)';

const BASE_OF: Record<ReportGrouping, BaseKind> = {
  service: 'service',
  department: 'service',
  window: 'window',
  staff: 'staff',
  hour: 'hour',
  tag: 'tag',
};

/** One base group's figures: what SQL sums, the waits counted by second, transfers, complaints. */
interface GroupData {
  base: string | number | null;
  sums: GroupSums;
  /** [wait ms (to the second), calls] */
  waits: [number, number][];
  transfers: number;
  complaints: number;
}

/** Which days a query covers: a range, or (to fill a rollup) one day. */
type Days = { from: string; to: string };

/**
 * The figures of the given day ranges, summed in SQLite: the tickets' own figures from the
 * `tickets` projection, everything done at a window from `ticket_steps` (one row per call).
 */
function groupData(q: ReportQueries, kind: BaseKind, ranges: readonly Days[]): GroupData[] {
  if (kind === 'tag') return tagData(q, ranges);
  const byBase = new Map<Base, GroupData>();
  const of = (b: Base): GroupData => {
    let g = byBase.get(b);
    if (!g) {
      g = { base: b, sums: emptySums(b), waits: [], transfers: 0, complaints: 0 };
      byBase.set(b, g);
    }
    return g;
  };
  for (const days of ranges) {
    for (const t of q.tickets(kind, days)) {
      const g = of(t.base);
      g.sums.issued += t.issued;
      g.sums.cancelled += t.cancelled;
      g.sums.expired += t.expired;
    }
    for (const x of q.steps(kind, days)) {
      const g = of(x.base);
      g.sums = {
        ...g.sums,
        served: g.sums.served + x.served,
        no_show: g.sums.no_show + x.no_show,
        wait_sum: (g.sums.wait_sum ?? 0) + (x.wait_sum ?? 0),
        wait_n: g.sums.wait_n + x.wait_n,
        service_sum: (g.sums.service_sum ?? 0) + (x.service_sum ?? 0),
        service_n: g.sums.service_n + x.service_n,
        rated: g.sums.rated + x.rated,
        score_sum: (g.sums.score_sum ?? 0) + (x.score_sum ?? 0),
        satisfied: g.sums.satisfied + x.satisfied,
        poor: g.sums.poor + x.poor,
      };
      g.transfers += x.transfers;
    }
    for (const w of q.waits(kind, days)) of(w.base).waits.push([w.s * 1000, w.n]);
    for (const x of q.ratingComplaints(kind, days)) {
      of(x.base).complaints += x.n;
    }
  }
  return [...byBase.values()];
}

/** Per rating tag: the ratings that carried it (a rating with two tags counts under both). */
function tagData(q: ReportQueries, ranges: readonly Days[]): GroupData[] {
  const byTag = new Map<string, GroupData>();
  for (const days of ranges) {
    for (const x of q.tags(days)) {
      const g = byTag.get(x.tag) ?? {
        base: x.tag,
        sums: emptySums(x.tag),
        waits: [],
        transfers: 0,
        complaints: 0,
      };
      g.sums = {
        ...g.sums,
        rated: g.sums.rated + x.rated,
        score_sum: (g.sums.score_sum ?? 0) + x.score_sum,
        satisfied: g.sums.satisfied + x.satisfied,
        poor: g.sums.poor + x.poor,
      };
      byTag.set(x.tag, g);
    }
  }
  return [...byTag.values()];
}

function emptySums(base: string | number | null): GroupSums {
  return {
    base,
    issued: 0,
    served: 0,
    no_show: 0,
    cancelled: 0,
    expired: 0,
    wait_sum: null,
    wait_n: 0,
    service_sum: null,
    service_n: 0,
    rated: 0,
    score_sum: null,
    satisfied: 0,
    poor: 0,
  };
}

/**
 * What a kept rollup's body starts with: a body from before the poor ratings were summed (a
 * bare array) is computed again.
 */
const ROLLUP_V2 = '{"v":2,"groups":';

/**
 * The closed days' figures, from `report_rollups`: a day missing there is computed once and
 * kept (a closed day's tickets never change again), so a report over a year reads a few
 * thousand rows instead of millions of tickets.
 */
function closedDaysData(
  source: ReportSource,
  kind: BaseKind,
  days: Days,
): { data: GroupData[]; closed: string[] } {
  const q = source.reports;
  const closed = q.closedDays(days);
  if (closed.length === 0) return { data: [], closed: [] };
  const kept = new Map(
    q
      .keptRollups(kind, days)
      .filter((r) => r.body.startsWith(ROLLUP_V2))
      .map((r) => [`${r.business_day}@${r.closed_at}`, r.body]),
  );
  const out: GroupData[] = [];
  const keyOf = (d: { business_day: string; closed_at: number }) =>
    `${d.business_day}@${d.closed_at}`;
  const missing = closed.filter((d) => !kept.has(keyOf(d)));
  if (missing.length > 0) {
    const rollups = missing.map((day) => {
      const data = groupData(q, kind, [{ from: day.business_day, to: day.business_day }]);
      const body = `${ROLLUP_V2}${JSON.stringify(data)}}`;
      kept.set(keyOf(day), body);
      return { businessDay: day.business_day, grouping: kind, closedAt: day.closed_at, body };
    });
    source.keepRollups(rollups);
  }
  for (const day of closed) {
    const body = kept.get(keyOf(day));
    // Written above or earlier by this module from typed GroupData.
    if (body !== undefined) out.push(...(JSON.parse(body) as { groups: GroupData[] }).groups);
  }
  return { data: out, closed: closed.map((d) => d.business_day) };
}

/**
 * Complaints entered by hand, counted by the day they were entered (their id starts with it:
 * `2025-03-14/M-001`) under the service, window or clerk they name (`(none)` when they name
 * none) or the hour they were entered. Always read live, never rolled up: one may be entered
 * after its day was closed.
 */
function manualComplaintsData(q: ReportQueries, kind: BaseKind, days: Days): GroupData[] {
  if (kind === 'tag') return [];
  return q.manualComplaints(kind, days).map((x) => ({
    base: x.base,
    sums: emptySums(x.base),
    waits: [],
    transfers: 0,
    complaints: x.n,
  }));
}

const BASE_KINDS: readonly BaseKind[] = ['service', 'window', 'staff', 'hour', 'tag'];

/** How a group's cases stand (as at the report: a case moves on after its day is closed). */
interface CaseCounts {
  cases: number;
  callbacks: number;
  callbacksOnTime: number;
  /** Cases whose call-back is due: made (in time or late) or overdue. */
  callbacksDue: number;
  rectified: number;
  rectifiedOnTime: number;
  /** Cases whose rectification is due: closed with the result told, or overdue. */
  rectificationsDue: number;
}

const noCases = (): CaseCounts => ({
  cases: 0,
  callbacks: 0,
  callbacksOnTime: 0,
  callbacksDue: 0,
  rectified: 0,
  rectifiedOnTime: 0,
  rectificationsDue: 0,
});

const isDue = (s: CaseDeadlineState): boolean => s === 'met' || s === 'met_late' || s === 'overdue';

const CASE_KINDS: readonly StepKind[] = ['service', 'window', 'staff', 'hour'];

/** One day's cases counted under each base of each kind. */
type CaseTally = Record<StepKind, Map<Base, CaseCounts>>;

const noTally = (): CaseTally => ({
  service: new Map(),
  window: new Map(),
  staff: new Map(),
  hour: new Map(),
});

/** The counts of a `CaseCounts`, in the order a kept rollup writes them. */
const COUNT_KEYS: readonly (keyof CaseCounts)[] = [
  'cases',
  'callbacks',
  'callbacksOnTime',
  'callbacksDue',
  'rectified',
  'rectifiedOnTime',
  'rectificationsDue',
];

/** A day's tally as `case_rollups` keeps it: per kind, `[base, ...counts]`. */
function tallyJson(t: CaseTally): string {
  const out: Record<string, (Base | number)[][]> = {};
  for (const kind of CASE_KINDS) {
    out[kind] = [...t[kind]].map(([base, n]) => [base, ...COUNT_KEYS.map((k) => n[k])]);
  }
  return JSON.stringify(out);
}

function tallyOf(body: string): CaseTally {
  // Written by tallyJson from typed counts, under this version's key (caseRollupKey).
  const parsed = JSON.parse(body) as Record<StepKind, [Base, ...number[]][]>;
  const t = noTally();
  for (const kind of CASE_KINDS) {
    for (const [base, ...counts] of parsed[kind]) {
      const n = noCases();
      COUNT_KEYS.forEach((k, i) => (n[k] = counts[i] ?? 0));
      t[kind].set(base, n);
    }
  }
  return t;
}

/**
 * What a kept day's counts were made with: this module's way of counting (its version) and the
 * hall's calendar (its timezone, holidays and extra working days), which sets the call-back
 * deadline of a case that has none of its own. A row with another key is counted again.
 */
function caseRollupKey(config: HallConfig): string {
  const { timezone, holidays, extraWorkdays } = config.hall;
  const calendar = JSON.stringify([timezone, holidays, extraWorkdays]);
  return `cases-v1 ${createHash('sha256').update(calendar, 'utf8').digest('hex').slice(0, 16)}`;
}

/**
 * From when a deadline's state stands still: done or waived, at once; not done, once it is
 * overdue (it stays so), which is after the deadline.
 */
function stillFrom(state: CaseDeadlineState, due: number): number {
  switch (state) {
    case 'met':
    case 'met_late':
    case 'waived':
      return 0;
    case 'overdue':
    case 'due_soon':
    case 'pending':
      return due + 1;
  }
}

/**
 * The cases opened for the days of `days` (read live), each where it stands at `now` by the
 * complaints' own rules (`caseStanding`), counted per day under the service, window or clerk it
 * names and the hour of its rated step (as its complaint is) or, entered by hand, the hour it
 * was entered; with, per day, the instant from which every count stands still unless a case
 * is opened or followed up.
 */
function countCases(
  q: ReportQueries,
  config: HallConfig,
  days: Days,
  now: number,
): Map<string, { tally: CaseTally; settledAt: number }> {
  const { cases, actions } = q.cases(days);
  const stepsOf = new Map<string, ReturnType<typeof followUp>[]>();
  for (const a of actions) {
    const list = stepsOf.get(a.complaint_id) ?? [];
    list.push(followUp(a));
    stepsOf.set(a.complaint_id, list);
  }
  const { hall } = config;
  const out = new Map<string, { tally: CaseTally; settledAt: number }>();
  for (const c of cases) {
    const callbackDueAt =
      c.callback_due_at ?? addWorkingDays(c.opened_at, DEFAULT_CALLBACK_DAYS, hall.timezone, hall);
    const standing = caseStanding(
      { deadlineAt: c.deadline_at, callbackDueAt },
      stepsOf.get(c.id) ?? [],
      now,
      hall.timezone,
    );
    // A case's id begins with its business day: `2025-03-14/C001`, `2025-03-14/M-001`.
    const day = c.id.slice(0, 10);
    let counted = out.get(day);
    if (counted === undefined) {
      counted = { tally: noTally(), settledAt: 0 };
      out.set(day, counted);
    }
    counted.settledAt = Math.max(
      counted.settledAt,
      stillFrom(standing.callbackState, callbackDueAt),
      stillFrom(standing.rectifyState, c.deadline_at),
    );
    for (const kind of CASE_KINDS) {
      const base = caseBase(c, kind);
      const n = counted.tally[kind].get(base) ?? noCases();
      n.cases += 1;
      if (standing.callback !== null) n.callbacks += 1;
      if (standing.callbackState === 'met') n.callbacksOnTime += 1;
      if (isDue(standing.callbackState)) n.callbacksDue += 1;
      if (standing.closedAs !== null) n.rectified += 1;
      if (standing.rectifyState === 'met') n.rectifiedOnTime += 1;
      if (isDue(standing.rectifyState)) n.rectificationsDue += 1;
      counted.tally[kind].set(base, n);
    }
  }
  return out;
}

function caseBase(c: CaseRow, kind: StepKind): Base {
  switch (kind) {
    case 'service':
      return c.service_id;
    case 'window':
      return c.window_id;
    case 'staff':
      return c.staff_code;
    case 'hour':
      return Math.floor(c.queued_at / BUCKET_MS);
  }
}

/**
 * The cases of the range's days as they stand at `now`, one tally per day that has any. A day
 * counted before (`case_rollups`) is read from its row when every case of it stood still then
 * and nothing of it changed since (the triggers of migration 027 remove the row of a day whose
 * case was opened or followed up); the others are counted live and kept with the instant from
 * which they stand still, so a year's report counts the cases of its last weeks only.
 */
function dayTallies(
  source: ReportSource,
  config: HallConfig,
  days: Days,
  now: number,
): CaseTally[] {
  const q = source.reports;
  const key = caseRollupKey(config);
  const tallies: CaseTally[] = [];
  const rows = new Map(q.keptCases(days).map((r) => [r.business_day, r]));
  const keptDays: string[] = [];
  for (const row of rows.values()) {
    if (row.config_key !== key || row.settled_at > row.computed_at || row.computed_at > now) {
      continue;
    }
    tallies.push(tallyOf(row.body));
    keptDays.push(row.business_day);
  }
  const keep: KeptCases[] = [];
  for (const range of openRanges(days, keptDays)) {
    for (const [day, counted] of countCases(q, config, range, now)) {
      tallies.push(counted.tally);
      // A day not kept yet is kept even before it stands still, with the instant it will: the
      // day's close (fillCaseRollups) counts it again then. Kept again once it stands still or
      // was counted another way; never over a row counted after `now`.
      const row = rows.get(day);
      const settled = counted.settledAt <= now;
      if (row !== undefined && (row.computed_at > now || (!settled && row.config_key === key))) {
        continue;
      }
      keep.push({
        businessDay: day,
        computedAt: now,
        settledAt: counted.settledAt,
        configKey: key,
        body: tallyJson(counted.tally),
      });
    }
  }
  source.keepCaseRollups(keep);
  return tallies;
}

/** The cases of the range's days, counted under the bases of `kind` as they stand at `now`. */
function caseData(
  source: ReportSource,
  config: HallConfig,
  kind: StepKind,
  days: Days,
  now: number,
): Map<Base, CaseCounts> {
  const out = new Map<Base, CaseCounts>();
  for (const tally of dayTallies(source, config, days, now)) {
    for (const [base, n] of tally[kind]) {
      const sum = out.get(base) ?? noCases();
      for (const k of COUNT_KEYS) sum[k] += n[k];
      out.set(base, sum);
    }
  }
  return out;
}

/**
 * At a day's close: counts the closed day's cases, and again those of the days counted before
 * their cases stood still that stand still now (their deadlines passed), so a report finds
 * them kept. Only a head start: a report counts what it does not find.
 */
export function fillCaseRollups(
  source: ReportSource,
  config: HallConfig,
  businessDay: string,
  now: number,
): void {
  const days = new Set([businessDay, ...source.reports.settlingCases(now)]);
  for (const day of days) dayTallies(source, config, { from: day, to: day }, now);
}

/**
 * Fills the rollups of the closed days of `days` for every grouping, so the first report over
 * them does not pay for summing their tickets (the hub calls it when a day closes).
 */
export function fillRollups(source: ReportSource, days: Days): void {
  for (const kind of BASE_KINDS) closedDaysData(source, kind, days);
}

function nextDay(day: string, step: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + step);
  return d.toISOString().slice(0, 10);
}

/** The parts of the range between its closed days (sorted), read live from the tickets. */
function openRanges(days: Days, closed: readonly string[]): Days[] {
  const ranges: Days[] = [];
  let from = days.from;
  for (const day of closed) {
    if (from < day) ranges.push({ from, to: nextDay(day, -1) });
    from = nextDay(day, 1);
  }
  if (from <= days.to) ranges.push({ from, to: days.to });
  return ranges;
}

/**
 * The figures of a date range grouped by service, window, clerk, department or hour, summed in
 * SQLite with parameterized queries over covering indexes; closed days come from their kept
 * rollups. Each service is counted where it happened (`ticket_steps`, one row per call):
 *
 * - issued, cancelled and expired are the ticket's: its first service, the hour it was issued,
 *   and no window or clerk (the `(none)` row of those groupings);
 * - served, service time (start to finish), no-shows, waits and transfers are the call's: the
 *   window and clerk that called it, the service it was called (and started) for. A ticket with
 *   two steps is served twice, once where each step was done;
 * - the wait of a call runs from when the visitor joined the queue it was called from: the
 *   issue for the first call, the end of the previous step for a later itinerary step, the
 *   transfer for a transferred ticket, the return to the queue after a put-back or a park. So a
 *   visit's waits add up to the time it spent queuing, and none is counted twice; the hour of a
 *   call's figures is the hour the visitor joined that queue (the hour of issue for a first call);
 * - a rating counts for the service, window and clerk it was given for, and so does the
 *   complaint a poor rating opened; complaints entered by hand count under what they name and
 *   the hour they were entered.
 */
export function computeReport(
  source: ReportSource,
  config: HallConfig,
  query: { from: string; to: string; by: ReportGrouping },
  /** When the cases' deadlines are read against (due, overdue). */
  now: number = Date.now(),
): ReportResult {
  const kind = BASE_OF[query.by];
  const { data: kept, closed } = closedDaysData(source, kind, query);
  const data = [
    ...kept,
    ...groupData(source.reports, kind, openRanges(query, closed)),
    ...manualComplaintsData(source.reports, kind, query),
  ];

  const departmentOf = new Map(config.services.map((s) => [s.id, s.departmentId]));
  /** `09` for a time at 09:xx in the hall's timezone. */
  const hourOf = (at: number): string => hallClock(at, config.hall.timezone).hhmm.slice(0, 2);
  const keyOf = (b: string | number | null): string => {
    if (b === null) return NONE;
    switch (query.by) {
      case 'department':
        return departmentOf.get(String(b)) ?? NONE;
      case 'hour':
        return hourOf(Number(b) * BUCKET_MS);
      case 'service':
      case 'window':
      case 'staff':
      case 'tag':
        return String(b);
    }
  };

  const byTag = kind === 'tag';
  const groups = new Map<string, Accumulator>();
  const total = new Accumulator('total', byTag);
  const accOf = (b: Base): Accumulator => {
    const key = keyOf(b);
    let acc = groups.get(key);
    if (!acc) {
      acc = new Accumulator(key, byTag);
      groups.set(key, acc);
    }
    return acc;
  };
  for (const g of data) {
    for (const a of [accOf(g.base), total]) a.add(g);
  }
  if (kind !== 'tag') {
    for (const [base, n] of caseData(source, config, kind, query, now)) {
      for (const a of [accOf(base), total]) a.addCases(n);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    rows: sorted.map((a) => a.row()),
    total: total.row(),
  };
}

class Accumulator {
  private issued = 0;
  private served = 0;
  private noShow = 0;
  private cancelled = 0;
  private expired = 0;
  private waitSum = 0;
  private waitN = 0;
  /** Wait (ms, to the second) -> how many tickets waited that long. */
  private readonly waitCounts = new Map<number, number>();
  private serviceSum = 0;
  private serviceN = 0;
  private transfers = 0;
  private rated = 0;
  private scoreSum = 0;
  private satisfied = 0;
  private complaints = 0;
  private poor = 0;
  private readonly cases: CaseCounts = noCases();

  /** `byTag`: the group is a rating tag's (no finished steps, no cases). */
  constructor(
    readonly key: string,
    private readonly byTag = false,
  ) {}

  addCases(n: CaseCounts): void {
    for (const k of COUNT_KEYS) this.cases[k] += n[k];
  }

  add(g: GroupData): void {
    const x = g.sums;
    this.issued += x.issued;
    this.served += x.served;
    this.noShow += x.no_show;
    this.cancelled += x.cancelled;
    this.expired += x.expired;
    this.waitSum += x.wait_sum ?? 0;
    this.waitN += x.wait_n;
    this.serviceSum += x.service_sum ?? 0;
    this.serviceN += x.service_n;
    this.rated += x.rated;
    this.scoreSum += x.score_sum ?? 0;
    this.satisfied += x.satisfied;
    this.poor += x.poor;
    for (const [ms, n] of g.waits) this.waitCounts.set(ms, (this.waitCounts.get(ms) ?? 0) + n);
    this.transfers += g.transfers;
    this.complaints += g.complaints;
  }

  row(): ReportRow {
    return {
      key: this.key,
      issued: this.issued,
      served: this.served,
      noShow: this.noShow,
      cancelled: this.cancelled,
      expired: this.expired,
      avgWaitMs: this.waitN ? Math.round(this.waitSum / this.waitN) : null,
      p90WaitMs: percentileOfCounts(this.waitCounts, 0.9),
      avgServiceMs: this.serviceN ? Math.round(this.serviceSum / this.serviceN) : null,
      transfers: this.transfers,
      rated: this.rated,
      avgScore: this.rated ? Math.round((this.scoreSum / this.rated) * 100) / 100 : null,
      satisfied: this.satisfied,
      satisfactionRate: this.rated ? this.satisfied / this.rated : null,
      complaints: this.complaints,
      ratings: this.ratings(),
    };
  }

  private ratings(): RatingFigures {
    const rate = (n: number, of: number): number | null => (of > 0 ? n / of : null);
    const c = this.cases;
    const cases = (n: number): number | null => (this.byTag ? null : n);
    return {
      ratingRate: this.byTag ? null : rate(this.rated, this.served),
      poor: this.poor,
      cases: cases(c.cases),
      callbacks: cases(c.callbacks),
      callbackRate: this.byTag ? null : rate(c.callbacks, c.cases),
      callbacksOnTime: cases(c.callbacksOnTime),
      callbackOnTimeRate: this.byTag ? null : rate(c.callbacksOnTime, c.callbacksDue),
      rectified: cases(c.rectified),
      rectificationRate: this.byTag ? null : rate(c.rectified, c.cases),
      rectifiedOnTime: cases(c.rectifiedOnTime),
      rectificationOnTimeRate: this.byTag ? null : rate(c.rectifiedOnTime, c.rectificationsDue),
    };
  }
}

/** Nearest-rank percentile of values given as value -> count. */
export function percentileOfCounts(counts: ReadonlyMap<number, number>, p: number): number | null {
  let n = 0;
  for (const c of counts.values()) n += c;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const value of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(value) ?? 0;
    if (seen >= rank) return value;
  }
  return null;
}

/**
 * One window's figures of one business day, and its clerk's there (`staffCode`; null: none),
 * summed from `ticket_steps` with the reports' own list (store/reports.ts): each service counted
 * where it happened, as the admin console's report by window (or by clerk) counts it.
 */
export function windowDayFigures(
  source: Pick<ReportSource, 'reports'>,
  query: { businessDay: string; windowId: string; staffCode: string | null },
): DayFiguresResult {
  const { businessDay, windowId, staffCode } = query;
  const window = source.reports.windowDay(businessDay, windowId, null);
  const clerk =
    staffCode === null ? undefined : source.reports.windowDay(businessDay, windowId, staffCode);
  return {
    businessDay,
    window: figuresOf(window),
    clerk: staffCode === null ? null : { staffCode, ...figuresOf(clerk) },
  };
}

function figuresOf(x: StepSums | undefined): DayFigures {
  const acc = new Accumulator('');
  if (x !== undefined) {
    acc.add({
      base: null,
      sums: { ...x, issued: 0, cancelled: 0, expired: 0 },
      waits: [],
      transfers: x.transfers,
      complaints: 0,
    });
  }
  const row = acc.row();
  return {
    served: row.served,
    noShow: row.noShow,
    transfers: row.transfers,
    avgServiceMs: row.avgServiceMs,
    rated: row.rated,
    avgScore: row.avgScore,
    satisfied: row.satisfied,
    satisfactionRate: row.satisfactionRate,
  };
}
