import {
  addWorkingDays,
  businessDayOf,
  DEFAULT_CALLBACK_DAYS,
  maskContact,
  type CaseClosure,
  type CaseDeadlineState,
  type Complaint,
  type ComplaintActionKind,
  type ComplaintFilter,
  type ComplaintFollowUp,
  type ComplaintView,
  type Hall,
  type IssueCode,
  type Millis,
  type OpenComplaintMessage,
} from '@onestop/shared';
import type { ComplaintActionRow, ManualComplaintRow, Store } from '../../store/index.js';

/** A complaint before its follow-ups are read. */
type Base = Omit<
  ComplaintView,
  | 'status'
  | 'assignee'
  | 'callbackAt'
  | 'closedAt'
  | 'outcome'
  | 'overdue'
  | 'followUps'
  | 'callback'
  | 'rectification'
  | 'closedAs'
  | 'callbackState'
  | 'rectifyState'
>;

/**
 * Why a follow-up was refused: the message names the complaint; `issue` says, as data, which
 * rule of the case it broke (a screen words it from the shared table).
 */
export class ComplaintError extends Error {
  constructor(
    message: string,
    readonly issue: { path: string; code: IssueCode } | null = null,
  ) {
    super(message);
  }
}

/** Follow-up steps that need nothing before them. */
type Step = {
  action: ComplaintActionKind;
  text: string;
  /** Who called the visitor back or made the change (callback, rectify). */
  by: string | null;
  /** When the visitor was reached (callback, rectify); now when null. */
  at: Millis | null;
  staffCode: string;
  commandId: string;
};

/**
 * Complaints and their cases (好差评's closed loop for poor ratings): those the engine opened
 * for a poor rating (the `complaints` projection) and those entered by hand, each with its
 * follow-up record from `complaint_actions`, its two deadlines in the hall's working days
 * (call-back, rectification with feedback) and where it stands against each. A case closes only
 * with a call-back record and a rectification record, or as a mistaken rating with a call-back
 * record and the reason (docs/RATINGS.md).
 */
export class Complaints {
  private readonly records;

  /** `hall`: the hall's settings now (timezone, calendar, the policy's deadlines). */
  constructor(
    store: Store,
    private readonly hall: () => Hall,
  ) {
    this.records = store.complaints;
  }

  list(filter: ComplaintFilter, now: number, limit = 500): ComplaintView[] {
    const rated = this.records.rated(limit).map((c) => this.fromRating(c));
    const manual = this.records.manual(limit).map((r) => this.fromManual(r));
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
    if (rated) return this.withFollowUps([this.fromRating(rated)], now)[0] ?? null;
    const manual = this.records.manualById(id);
    return manual ? (this.withFollowUps([this.fromManual(manual)], now)[0] ?? null) : null;
  }

  hasTicket(id: string): boolean {
    return this.records.hasTicket(id);
  }

  /**
   * Enters a complaint by hand: numbered `<business day>/M-001`, ... per day, with the policy's
   * two deadlines in working days; only the masked contact is kept.
   */
  open(m: OpenComplaintMessage, by: { staffCode: string }, now: number): ComplaintView {
    const hall = this.hall();
    return this.records.transaction(() => {
      const day = businessDayOf(now, hall.timezone);
      const n = this.records.manualCountOfDay(day);
      // `M-`: no ticket number has a hyphen, so this never meets the id of a rating's
      // complaint (`<day>/<ticket number>`), even in a hall with a service of prefix M.
      const id = `${day}/M-${String(n + 1).padStart(3, '0')}`;
      this.records.insertManual({
        id,
        openedAt: now,
        deadlineAt: addWorkingDays(now, hall.policy.complaintDeadlineDays, hall.timezone, hall),
        callbackDueAt: addWorkingDays(now, hall.policy.callbackDeadlineDays, hall.timezone, hall),
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

  /**
   * Appends one follow-up step, checked against the case's rules: a closed case takes no more;
   * a call-back is reached between the opening and now; `close` needs a call-back and a
   * rectification record, `mistaken` a call-back record. Returns the complaint after it.
   */
  act(id: string, step: Step, now: number): ComplaintView {
    return this.records.transaction(() => {
      const before = this.get(id, now);
      if (!before) throw new ComplaintError(`no complaint "${id}"`);
      if (before.status === 'closed') {
        throw new ComplaintError(`complaint ${id} is closed`, {
          path: 'action',
          code: 'case_closed',
        });
      }
      const doneAt = step.at ?? now;
      if (doneAt < before.openedAt || doneAt > now) {
        throw new ComplaintError(`at: ${doneAt} is before the complaint or in the future`, {
          path: 'at',
          code: 'case_time_invalid',
        });
      }
      const missing = missingRecords(step.action, before);
      if (missing) throw new ComplaintError(`complaint ${id}: ${missing.code}`, missing);
      this.records.insertAction({
        complaintId: id,
        at: now,
        staffCode: step.staffCode,
        action: step.action,
        text: step.text.trim(),
        doneBy: step.by === null ? null : step.by.trim(),
        doneAt: step.at,
        commandId: step.commandId,
      });
      const after = this.get(id, now);
      if (!after) throw new ComplaintError(`no complaint "${id}"`);
      return after;
    });
  }

  private fromRating(c: Complaint): Base {
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
      callbackDueAt: c.callbackDueAt ?? this.defaultCallbackDue(c.openedAt),
      contact: null,
      summary: null,
      ticketNumber: c.ticketId.split('/').at(-1) ?? c.ticketId,
    };
  }

  private fromManual(r: ManualComplaintRow): Base {
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
      callbackDueAt: r.callback_due_at ?? this.defaultCallbackDue(r.opened_at),
      contact: r.contact_masked,
      summary: r.summary,
      ticketNumber: r.id.split('/').at(-1) ?? r.id,
    };
  }

  /** A complaint opened before the case had a call-back deadline: 1 working day. */
  private defaultCallbackDue(openedAt: Millis): Millis {
    const hall = this.hall();
    return addWorkingDays(openedAt, DEFAULT_CALLBACK_DAYS, hall.timezone, hall);
  }

  private withFollowUps(complaints: Base[], now: number): ComplaintView[] {
    if (complaints.length === 0) return [];
    const rows = this.records.actionsOf(complaints.map((c) => c.id));
    const byComplaint = new Map<string, ComplaintFollowUp[]>();
    for (const r of rows) {
      const list = byComplaint.get(r.complaint_id) ?? [];
      list.push(followUp(r));
      byComplaint.set(r.complaint_id, list);
    }
    const { timezone } = this.hall();
    return complaints.map((c) => view(c, byComplaint.get(c.id) ?? [], now, timezone));
  }
}

/** One follow-up step as a case view gives it. */
export function followUp(r: ComplaintActionRow): ComplaintFollowUp {
  return {
    at: r.at,
    staffCode: r.staff_code,
    action: r.action,
    text: r.text,
    by: r.done_by,
    doneAt: r.done_at ?? r.at,
  };
}

/** The record a closing step needs and the case lacks, if any. */
function missingRecords(
  action: ComplaintActionKind,
  c: ComplaintView,
): { path: string; code: IssueCode } | null {
  switch (action) {
    case 'assign':
    case 'note':
    case 'callback':
    case 'rectify':
      return null;
    case 'close':
      if (c.callback === null) return { path: 'action', code: 'case_callback_missing' };
      if (c.rectification === null) return { path: 'action', code: 'case_rectification_missing' };
      return null;
    case 'mistaken':
      return c.callback === null ? { path: 'action', code: 'case_callback_missing' } : null;
  }
}

function view(c: Base, followUps: ComplaintFollowUp[], now: number, tz: string): ComplaintView {
  return { ...c, ...caseStanding(c, followUps, now, tz), followUps };
}

/**
 * What a case's follow-up steps make of it: its records, whether and how it was closed, and
 * where it stands against each deadline at `now` (the reports count their figures with this).
 */
export function caseStanding(
  c: Pick<ComplaintView, 'callbackDueAt' | 'deadlineAt'>,
  followUps: readonly ComplaintFollowUp[],
  now: number,
  tz: string,
): Omit<ComplaintView, keyof Base | 'followUps'> {
  let assignee: string | null = null;
  let callback: ComplaintView['callback'] = null;
  let rectification: ComplaintView['rectification'] = null;
  let closedAt: number | null = null;
  let closedAs: CaseClosure | null = null;
  let outcome: string | null = null;
  for (const f of followUps) {
    switch (f.action) {
      case 'assign':
        assignee = f.text;
        break;
      case 'callback':
        // The first call-back that reached the visitor is the one the deadline counts.
        callback ??= { by: f.by ?? f.staffCode, at: f.doneAt, visitorSaid: f.text };
        break;
      case 'rectify':
        rectification = { by: f.by ?? f.staffCode, at: f.doneAt, what: f.text };
        break;
      case 'close':
        closedAt = f.at;
        closedAs = 'resolved';
        outcome = f.text;
        break;
      case 'mistaken':
        closedAt = f.at;
        closedAs = 'mistaken';
        outcome = f.text;
        break;
      case 'note':
        break;
    }
  }
  const status = closedAt === null ? 'open' : 'closed';
  // A case closed before its records were required (an older hub) is not held to them.
  const callbackState = deadlineState(
    c.callbackDueAt,
    callback?.at ?? null,
    status === 'closed' && callback === null,
    now,
    tz,
  );
  const rectifyState = deadlineState(
    c.deadlineAt,
    closedAs === 'resolved' ? closedAt : null,
    closedAs === 'mistaken',
    now,
    tz,
  );
  return {
    status,
    assignee,
    callbackAt: callback?.at ?? null,
    closedAt,
    outcome,
    overdue: status === 'open' && (callbackState === 'overdue' || rectifyState === 'overdue'),
    callback,
    rectification,
    closedAs,
    callbackState,
    rectifyState,
  };
}

/**
 * Where a case stands against a deadline: done in time or late; else overdue once past it, due
 * soon on the hall's business day it falls due, pending before.
 */
export function deadlineState(
  due: Millis,
  doneAt: Millis | null,
  waived: boolean,
  now: Millis,
  timezone: string,
): CaseDeadlineState {
  if (waived) return 'waived';
  if (doneAt !== null) return doneAt <= due ? 'met' : 'met_late';
  if (now > due) return 'overdue';
  return businessDayOf(now, timezone) === businessDayOf(due, timezone) ? 'due_soon' : 'pending';
}
