import type Database from 'better-sqlite3';
import type {
  Complaint,
  ComplaintActionKind,
  ComplaintFilter,
  ComplaintFollowUp,
  ComplaintView,
} from '@onestop/shared';

interface ActionRow {
  complaint_id: string;
  at: number;
  staff_code: string;
  action: ComplaintActionKind;
  text: string;
}

/** Why a follow-up was refused: the message names the complaint. */
export class ComplaintError extends Error {}

/**
 * Complaints, as the engine opened them (the `complaints` projection), with their follow-up
 * record from `complaint_actions`: assignee, notes, call-back, closing outcome.
 */
export class Complaints {
  constructor(private readonly db: Database.Database) {}

  list(filter: ComplaintFilter, now: number, limit = 500): ComplaintView[] {
    const bodies = this.db
      .prepare<[number], { body: string }>(
        'SELECT body FROM complaints ORDER BY opened_at DESC, id DESC LIMIT ?',
      )
      .all(limit)
      .map((r) => JSON.parse(r.body) as Complaint);
    const views = this.withFollowUps(bodies, now);
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
    if (!row) return null;
    return this.withFollowUps([JSON.parse(row.body) as Complaint], now)[0] ?? null;
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

  private withFollowUps(complaints: Complaint[], now: number): ComplaintView[] {
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

function view(c: Complaint, followUps: ComplaintFollowUp[], now: number): ComplaintView {
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
    ticketNumber: c.ticketId.split('/').at(-1) ?? c.ticketId,
    status,
    assignee,
    callbackAt,
    closedAt,
    outcome,
    overdue: status === 'open' && now > c.deadlineAt,
    followUps,
  };
}
