import {
  hallInstant,
  maskPhone,
  type CommandAck,
  type ListOutboxMessage,
  type ListOutboxResult,
  type OutboxView,
  type OutboxViewStatus,
  type ResendOutboxMessage,
  type ResendOutboxResult,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { Actor, CaseAlertRow, OutboxRow } from '../../store/index.js';
import { recordOrRefuse, refuse } from '../booking/refusal.js';

/*
 * The console's outbox (通知, docs/VISITORS.md "The messages in the console"): today's messages
 * to visitors and the case alerts to the duty supervisors, each with its provider, its tries
 * and its last error; an admin sends a failed one again. A resend makes the row due once more
 * (one new try by the sender, which marks it as after any try); a row sent, due or skipped is
 * refused, so nothing acknowledged by a provider is ever sent twice.
 */

const DAY_MS = 86_400_000;

function statusOf(r: { status: string; attempts: number }): OutboxViewStatus {
  switch (r.status) {
    case 'pending':
      return r.attempts > 0 ? 'retrying' : 'due';
    case 'sending':
      return 'due';
    case 'sent':
      return 'sent';
    case 'failed':
      return 'failed';
    default:
      // `skipped`, and `dropped` when the day closed before it went.
      return 'skipped';
  }
}

function numberOf(params: string): string {
  const parsed: unknown = JSON.parse(params);
  return typeof parsed === 'object' && parsed !== null && 'number' in parsed
    ? String(parsed.number)
    : '';
}

function visitorView(r: OutboxRow & { phone?: string | null }): OutboxView {
  return {
    source: 'visitor',
    id: r.id,
    kind: r.kind,
    subject: numberOf(r.params),
    phoneMasked: r.phone === undefined || r.phone === null ? null : maskPhone(r.phone),
    channel: r.channel,
    status: statusOf(r),
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

function caseView(r: CaseAlertRow): OutboxView {
  return {
    source: 'case',
    id: r.id,
    kind: 'case_alert',
    subject: r.complaint_id,
    phoneMasked: maskPhone(r.phone),
    channel: 'sms',
    status: statusOf(r),
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Today's outbox and case alerts, oldest first, of one status or all. */
export function listOutbox(hub: Hub, m: ListOutboxMessage): CommandAck<ListOutboxResult> {
  const today = hub.today();
  const from = hallInstant(today, 0, hub.config.hall.timezone);
  const rows = [
    ...hub.store.notify.outboxWithPhones(today).map(visitorView),
    ...hub.store.caseAlerts.madeBetween(from, from + DAY_MS).map(caseView),
  ]
    .filter((r) => m.status === null || r.status === m.status)
    .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return { ok: true, result: { businessDay: today, rows } };
}

/** The row as it stands in its table, or null when there is none. */
function viewOf(hub: Hub, m: ResendOutboxMessage): OutboxView | null {
  if (m.source === 'case') {
    const r = hub.store.caseAlerts.byId(m.id);
    return r === null ? null : caseView(r);
  }
  const r = hub.store.notify.byId(m.id);
  return r === null
    ? null
    : visitorView({ ...r, phone: hub.store.notify.contactOf(r.ticket_id)?.phone ?? null });
}

/** An admin's "send again" of a failed message, audited (`outbox_resent`). */
export function resendOutbox(
  hub: Hub,
  caller: { actor: Actor; actorKey: string },
  m: ResendOutboxMessage,
): CommandAck<ResendOutboxResult> {
  const store = hub.store;
  return recordOrRefuse(hub, caller, m.commandId, () => {
    const before = viewOf(hub, m);
    if (before === null) return refuse('id', 'other', `no message ${m.id}`);
    const now = hub.now();
    const resent =
      m.source === 'visitor' ? store.notify.resend(m.id, now) : store.caseAlerts.resend(m.id, now);
    if (!resent) refuse('id', 'outbox_not_failed', `message ${m.id} is ${before.status}`);
    const row = viewOf(hub, m);
    if (row === null) throw new Error(`message ${m.id} vanished`);
    return {
      events: [
        {
          type: 'outbox_resent',
          source: m.source,
          messageId: m.id,
          reason: before.lastError ?? '',
        },
      ],
      result: { row },
    };
  });
}
