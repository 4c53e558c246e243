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
import type { ManualComplaintRow, Store } from '../../store/index.js';

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

function fromManual(r: ManualComplaintRow): Base {
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

/** Why a follow-up was refused: the message names the complaint. */
export class ComplaintError extends Error {}

/**
 * Complaints, as the engine opened them (the `complaints` projection), with their follow-up
 * record from `complaint_actions`: assignee, notes, call-back, closing outcome.
 */
export class Complaints {
  private readonly records;

  constructor(store: Store) {
    this.records = store.complaints;
  }

  list(filter: ComplaintFilter, now: number, limit = 500): ComplaintView[] {
    const rated = this.records.rated(limit).map(fromRating);
    const manual = this.records.manual(limit).map(fromManual);
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
    const rated = this.records.ratedById(id);
    if (rated) return this.withFollowUps([fromRating(rated)], now)[0] ?? null;
    const manual = this.records.manualById(id);
    return manual ? (this.withFollowUps([fromManual(manual)], now)[0] ?? null) : null;
  }

  hasTicket(id: string): boolean {
    return this.records.hasTicket(id);
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
    return this.records.transaction(() => {
      const day = businessDayOf(now, by.timezone);
      const n = this.records.manualCountOfDay(day);
      // `M-`: no ticket number has a hyphen, so this never meets the id of a rating's
      // complaint (`<day>/<ticket number>`), even in a hall with a service of prefix M.
      const id = `${day}/M-${String(n + 1).padStart(3, '0')}`;
      this.records.insertManual({
        id,
        openedAt: now,
        deadlineAt: addWorkingDays(now, by.days, by.timezone, by.calendar),
        openedBy: by.staffCode,
        contactMasked: maskContact(m.contact),
        summary: m.summary.trim(),
        serviceId: m.serviceId,
        windowId: m.windowId,
        staffCode: m.staffCode,
        ticketId: m.ticketId,
        commandId: m.commandId,
      });
      const view = this.get(id, now);
      if (!view) throw new ComplaintError(`no complaint "${id}"`);
      return view;
    });
  }

  /** Appends one follow-up step; a closed complaint takes no more. Returns the complaint after it. */
  act(
    id: string,
    step: { action: ComplaintActionKind; text: string; staffCode: string; commandId: string },
    now: number,
  ): ComplaintView {
    return this.records.transaction(() => {
      const before = this.get(id, now);
      if (!before) throw new ComplaintError(`no complaint "${id}"`);
      if (before.status === 'closed') throw new ComplaintError(`complaint ${id} is closed`);
      this.records.insertAction({
        complaintId: id,
        at: now,
        staffCode: step.staffCode,
        action: step.action,
        text: step.text.trim(),
        commandId: step.commandId,
      });
      const after = this.get(id, now);
      if (!after) throw new ComplaintError(`no complaint "${id}"`);
      return after;
    });
  }

  private withFollowUps(complaints: Base[], now: number): ComplaintView[] {
    if (complaints.length === 0) return [];
    const rows = this.records.actionsOf(complaints.map((c) => c.id));
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
