import type Database from 'better-sqlite3';
import {
  addWorkingDays,
  businessDayOf,
  maskContact,
  type Complaint,
  type HallCalendar,
  type ComplaintActionKind,
  type ComplaintFilter,
  type ComplaintFollowUp,
  type ComplaintView,
  type OpenComplaintMessage,
} from '@onestop/shared';

interface ActionRow {
  complaint_id: string;
  at: number;
  staff_code: string;
  action: ComplaintActionKind;
  text: string;
}

interface ManualRow {
  id: string;
  opened_at: number;
  deadline_at: number;
  opened_by: string;
  contact_masked: string;
  summary: string;
  service_id: string | null;
  window_id: string | null;
  staff_code: string | null;
  ticket_id: string | null;
}

/** A complaint before its follow-ups are read. */
type Base = Omit<
  ComplaintView,
  'status' | 'assignee' | 'callbackAt' | 'closedAt' | 'outcome' | 'overdue' | 'followUps'
>;

function fromRating(c: Complaint): Base {
  return {
    id: c.id,
    source: 'rating',
    ticketId: c.ticketId,
    windowId: c.windowId,
    staffCode: c.staffCode,
    serviceId: c.serviceId,
    score: c.score,
    reasons: c.reasons,
    openedAt: c.openedAt,
    deadlineAt: c.deadlineAt,
    contact: null,
    summary: null,
    ticketNumber: c.ticketId.split('/').at(-1) ?? c.ticketId,
  };
}

function fromManual(r: ManualRow): Base {
  return {
    id: r.id,
    source: 'manual',
    ticketId: r.ticket_id,
    windowId: r.window_id,
    staffCode: r.staff_code,
    serviceId: r.service_id,
    score: null,
    reasons: [],
    openedAt: r.opened_at,
    deadlineAt: r.deadline_at,
    contact: r.contact_masked,
    summary: r.summary,
    ticketNumber: r.id.split('/').at(-1) ?? r.id,
  };
}

const MANUAL_COLUMNS = `id, opened_at, deadline_at, opened_by, contact_masked, summary, service_id,
  window_id, staff_code, ticket_id`;

/** Why a follow-up was refused: the message names the complaint. */
export class ComplaintError extends Error {}

/**
 * Complaints, as the engine opened them (the `complaints` projection), with their follow-up
 * record from `complaint_actions`: assignee, notes, call-back, closing outcome.
 */
export class Complaints {
  constructor(private readonly db: Database.Database) {}

  list(filter: ComplaintFilter, now: number, limit = 500): ComplaintView[] {
    const rated = this.db
      .prepare<[number], { body: string }>(
        'SELECT body FROM complaints ORDER BY opened_at DESC, id DESC LIMIT ?',
      )
      .all(limit)
      .map((r) => fromRating(JSON.parse(r.body) as Complaint));
    const manual = this.db
      .prepare<[number], ManualRow>(
        `SELECT ${MANUAL_COLUMNS} FROM manual_complaints ORDER BY opened_at DESC, id DESC LIMIT ?`,
      )
      .all(limit)
      .map(fromManual);
    const bases = [...rated, ...manual]
      .sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? 1 : -1))
      .slice(0, limit);
    const views = this.withFollowUps(bases, now);
    return views.filter((c) => {
      switch (filter) {
        case 'all':
          return true;
        case 'open':
          return c.status === 'open';
        case 'closed':
          return c.status === 'closed';
        case 'overdue':
          return c.overdue;
      }
    });
  }

  get(id: string, now: number): ComplaintView | null {
    const row = this.db
      .prepare<[string], { body: string }>('SELECT body FROM complaints WHERE id = ?')
      .get(id);
    if (row)
      return this.withFollowUps([fromRating(JSON.parse(row.body) as Complaint)], now)[0] ?? null;
    const manual = this.db
      .prepare<[string], ManualRow>(`SELECT ${MANUAL_COLUMNS} FROM manual_complaints WHERE id = ?`)
      .get(id);
    return manual ? (this.withFollowUps([fromManual(manual)], now)[0] ?? null) : null;
  }

  hasTicket(id: string): boolean {
    return (
      this.db
        .prepare<[string], { one: number }>('SELECT 1 AS one FROM tickets WHERE id = ?')
        .get(id) !== undefined
    );
  }

  /**
   * Enters a complaint by hand: numbered `<business day>/M-001`, ... per day, due in `days`
   * working days; only the masked contact is kept.
   */
  open(
    m: OpenComplaintMessage,
    by: { staffCode: string; timezone: string; days: number; calendar: HallCalendar },
    now: number,
  ): ComplaintView {
    const run = this.db.transaction(() => {
      const day = businessDayOf(now, by.timezone);
      const { n } = this.db
        .prepare<[string], { n: number }>(
          "SELECT count(*) AS n FROM manual_complaints WHERE id LIKE ? || '/M-%'",
        )
        .get(day) ?? { n: 0 };
      // `M-`: no ticket number has a hyphen, so this never meets the id of a rating's
      // complaint (`<day>/<ticket number>`), even in a hall with a service of prefix M.
      const id = `${day}/M-${String(n + 1).padStart(3, '0')}`;
      this.db
        .prepare(
          `INSERT INTO manual_complaints (${MANUAL_COLUMNS}, command_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          now,
          addWorkingDays(now, by.days, by.timezone, by.calendar),
          by.staffCode,
          maskContact(m.contact),
          m.summary.trim(),
          m.serviceId,
          m.windowId,
          m.staffCode,
          m.ticketId,
          m.commandId,
        );
      const view = this.get(id, now);
      if (!view) throw new ComplaintError(`no complaint "${id}"`);
      return view;
    });
    return run.immediate();
  }

  /** Appends one follow-up step; a closed complaint takes no more. Returns the complaint after it. */
  act(
    id: string,
    step: { action: ComplaintActionKind; text: string; staffCode: string; commandId: string },
    now: number,
  ): ComplaintView {
    const run = this.db.transaction(() => {
      const before = this.get(id, now);
      if (!before) throw new ComplaintError(`no complaint "${id}"`);
      if (before.status === 'closed') throw new ComplaintError(`complaint ${id} is closed`);
      this.db
        .prepare(
          `INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text, command_id)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(id, now, step.staffCode, step.action, step.text.trim(), step.commandId);
      const after = this.get(id, now);
      if (!after) throw new ComplaintError(`no complaint "${id}"`);
      return after;
    });
    return run.immediate();
  }

  private withFollowUps(complaints: Base[], now: number): ComplaintView[] {
    if (complaints.length === 0) return [];
    const ids = complaints.map((c) => c.id);
    const rows = this.db
      .prepare<string[], ActionRow>(
        `SELECT complaint_id, at, staff_code, action, text FROM complaint_actions
          WHERE complaint_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
      )
      .all(...ids);
    const byComplaint = new Map<string, ComplaintFollowUp[]>();
    for (const r of rows) {
      const list = byComplaint.get(r.complaint_id) ?? [];
      list.push({ at: r.at, staffCode: r.staff_code, action: r.action, text: r.text });
      byComplaint.set(r.complaint_id, list);
    }
    return complaints.map((c) => view(c, byComplaint.get(c.id) ?? [], now));
  }
}

function view(c: Base, followUps: ComplaintFollowUp[], now: number): ComplaintView {
  let assignee: string | null = null;
  let callbackAt: number | null = null;
  let closedAt: number | null = null;
  let outcome: string | null = null;
  for (const f of followUps) {
    switch (f.action) {
      case 'assign':
        assignee = f.text;
        break;
      case 'callback':
        callbackAt = f.at;
        break;
      case 'close':
        closedAt = f.at;
        outcome = f.text;
        break;
      case 'note':
        break;
    }
  }
  const status = closedAt === null ? 'open' : 'closed';
  return {
    ...c,
    status,
    assignee,
    callbackAt,
    closedAt,
    outcome,
    overdue: status === 'open' && now > c.deadlineAt,
    followUps,
  };
}
