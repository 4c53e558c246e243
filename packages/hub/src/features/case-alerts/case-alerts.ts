import {
  businessDayOf,
  localClock,
  maskPhone,
  notifyCaseAlertsOf,
  notifySettingsOf,
  t,
  type CaseDeadlineState,
  type ComplaintView,
  type NotifyCaseAlerts,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { OutboxLoop } from '../../outbox-loop.js';
import type {
  CaseAlertDeadline,
  CaseAlertRow,
  CaseAlertState,
  NewCaseAlert,
} from '../../store/index.js';
import { Complaints } from '../complaints/complaints.js';
import type { Notifier, OutgoingMessage, SendOutcome } from '../notify/notifier.js';

/** How often the open cases are looked at when nothing else brings a look: once a minute. */
export const CASE_ALERT_CHECK_MS = 60_000;

/** The open cases looked at in one check (the newest; older ones are long overdue anyway). */
const CASES_CHECKED = 2_000;

export interface CaseAlertSenderOptions {
  /** The SMS provider now, or null when the hall has none set up (tried again later). */
  notifier: () => Notifier | null;
  pollMs: number;
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
}

/** The alert a case's deadline brings in `state` (null: none, or not one the hall wants). */
function alertState(state: CaseDeadlineState, alerts: NotifyCaseAlerts): CaseAlertState | null {
  switch (state) {
    case 'due_soon':
      return alerts.dueSoon ? 'due_soon' : null;
    case 'overdue':
      return alerts.overdue ? 'overdue' : null;
    case 'pending':
    case 'met':
    case 'met_late':
    case 'waived':
      return null;
  }
}

/** The case's standing against one deadline, and that deadline. */
function deadlineOf(c: ComplaintView, deadline: CaseAlertDeadline): [CaseDeadlineState, number] {
  switch (deadline) {
    case 'callback':
      return [c.callbackState, c.callbackDueAt];
    case 'rectify':
      return [c.rectifyState, c.deadlineAt];
  }
}

const DEADLINES: readonly CaseAlertDeadline[] = ['callback', 'rectify'];

/**
 * The alerts the cases bring now: for each open case, each deadline due today or overdue (as
 * the hall wants them), one per duty supervisor's phone.
 */
export function caseAlertsDue(
  cases: readonly ComplaintView[],
  alerts: NotifyCaseAlerts,
): NewCaseAlert[] {
  const out: NewCaseAlert[] = [];
  for (const c of cases) {
    if (c.status !== 'open') continue;
    for (const deadline of DEADLINES) {
      const [standing, dueAt] = deadlineOf(c, deadline);
      const state = alertState(standing, alerts);
      if (state === null) continue;
      for (const phone of alerts.phones) {
        out.push({ complaintId: c.id, deadline, state, phone, dueAt });
      }
    }
  }
  return out;
}

/**
 * 差评工单提醒 (docs/RATINGS.md): sends the duty supervisors an SMS when a poor-rating case's
 * call-back or rectification falls due today and when it is overdue, once per case, deadline,
 * state and phone. The open cases are looked at once a minute and after each commit that
 * opens a case (a poor rating); the alerts they bring are claimed in `case_alerts` in the
 * transaction that reads the cases (never claimed twice, through a restart too), then sent one
 * by one outside every command, with the notify sender's retries and backoff. A case closed or
 * a deadline met before its alert went out: the alert is skipped.
 */
export class CaseAlertSender {
  private readonly loop: OutboxLoop<CaseAlertRow>;
  private readonly complaints: Complaints;
  private lastCheck: number | null = null;
  private casesChanged = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly hub: Hub,
    private readonly options: CaseAlertSenderOptions,
  ) {
    this.complaints = new Complaints(hub.store, () => hub.config.hall);
    this.unsubscribe = hub.onEvents((events) => {
      if (events.some((e) => e.type === 'complaint_opened')) this.casesChanged = true;
    });
    this.loop = new OutboxLoop(hub, options.pollMs, {
      name: 'case alerts',
      ready: () => this.settings() !== null,
      due: (now, limit) => {
        this.check(now);
        return hub.store.caseAlerts.due(now, limit);
      },
      sendOne: (row) => this.sendOne(row),
      idOf: (row) => row.id,
    });
  }

  wake(): void {
    this.loop.wake();
  }

  pass(): Promise<void> {
    return this.loop.pass();
  }

  stop(): Promise<void> {
    this.unsubscribe();
    return this.loop.stop();
  }

  private settings(): NotifyCaseAlerts | null {
    return notifyCaseAlertsOf(notifySettingsOf(this.hub.config));
  }

  /** Claims the alerts the open cases bring, at most once a minute unless the cases changed. */
  private check(now: number): void {
    const alerts = this.settings();
    if (alerts === null) return;
    if (
      !this.casesChanged &&
      this.lastCheck !== null &&
      now - this.lastCheck < CASE_ALERT_CHECK_MS
    ) {
      return;
    }
    this.casesChanged = false;
    this.lastCheck = now;
    this.hub.store.caseAlerts.claim(
      () => caseAlertsDue(this.complaints.list('open', now, CASES_CHECKED), alerts),
      now,
    );
  }

  private async sendOne(row: CaseAlertRow): Promise<void> {
    const store = this.hub.store.caseAlerts;
    const now = this.hub.now();
    const c = this.complaints.get(row.complaint_id, now);
    const stale = this.staleReason(row, c);
    if (stale !== null || c === null) {
      store.markSkipped(row.id, stale ?? 'the case is gone');
      return;
    }
    const notifier = this.options.notifier();
    if (notifier === null) {
      const why = 'sms is not set up';
      // Settings and secrets may yet be given: tried again like a provider's refusal.
      if (row.attempts + 1 >= this.options.maxAttempts) store.markFailed(row.id, why);
      else if (store.markSending(row.id)) this.again(row, why);
      return;
    }
    if (!store.markSending(row.id)) return;
    let outcome: SendOutcome;
    try {
      outcome = await notifier.send(this.messageOf(row, c));
    } catch (err) {
      outcome = { ok: false, retry: true, error: String(err) };
    }
    if (!this.hub.store.isOpen) return; // stopped meanwhile: `sending`, tried again at start
    if (outcome.ok) store.markSent(row.id, outcome.providerId, this.hub.now());
    else if (outcome.retry && row.attempts + 1 < this.options.maxAttempts) {
      this.again(row, outcome.error);
    } else store.markFailed(row.id, outcome.error);
  }

  /**
   * Why an alert is no longer to be sent: the case closed, the deadline met or passed on to the
   * next state, the phone or the kind of alert taken out of the settings.
   */
  private staleReason(row: CaseAlertRow, c: ComplaintView | null): string | null {
    if (c === null) return 'the case is gone';
    if (c.status === 'closed') return 'the case is closed';
    const [standing] = deadlineOf(c, row.deadline);
    if (standing !== row.state) return `the ${row.deadline} is ${standing} now`;
    const alerts = this.settings();
    if (!alerts?.phones.includes(row.phone)) {
      return `${maskPhone(row.phone)} is no longer a duty supervisor`;
    }
    if (alertState(standing, alerts) === null) return `the hall turned ${row.state} alerts off`;
    return null;
  }

  private again(row: CaseAlertRow, error: string): void {
    this.hub.store.caseAlerts.retryAt(
      row.id,
      this.hub.now() + this.options.backoffMs(row.attempts + 1),
      error,
    );
  }

  /** The alert's text in the hall's first language: the case, the deadline, when it falls due. */
  private messageOf(row: CaseAlertRow, c: ComplaintView): OutgoingMessage {
    const { hall } = this.hub.config;
    const lang = hall.languages[0] ?? 'zh';
    const clock = localClock(row.due_at, hall.timezone).hhmm;
    const due =
      row.state === 'due_soon' ? clock : `${businessDayOf(row.due_at, hall.timezone)} ${clock}`;
    const caseNo = `C-${c.id}`;
    const deadline = t(`caseAlert.deadline.${row.deadline}`, lang);
    const key = row.state === 'due_soon' ? 'caseAlert.dueSoon' : 'caseAlert.overdue';
    return {
      idempotencyKey: `${this.hub.store.hallId()}/case/${c.id}/${row.deadline}/${row.state}/${row.phone}`,
      kind: 'case_alert',
      to: row.phone,
      text: t(key, lang, { case: caseNo, deadline, due }),
      params: { case: caseNo, deadline: row.deadline, state: row.state, due },
    };
  }
}
