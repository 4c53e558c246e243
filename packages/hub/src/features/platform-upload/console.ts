import {
  platformUploadOf,
  type CommandAck,
  type ListPlatformUploadsMessage,
  type ListPlatformUploadsResult,
  type PlatformUploadView,
  type ResendPlatformUploadMessage,
  type ResendPlatformUploadResult,
  type UploadRecord,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { Actor, PlatformOutboxRow } from '../../store/index.js';

/** The console's lists: at most this many records. */
const LIST_LIMIT = 200;

export function platformUploadView(row: PlatformOutboxRow): PlatformUploadView {
  // Written by `add` from a typed UploadRecord.
  const record = JSON.parse(row.body) as UploadRecord;
  return {
    id: row.id,
    kind: row.kind,
    ratingId: row.rating_id,
    caseId: row.case_id,
    level: record.level,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAt: row.next_at,
    sentAt: row.sent_at,
    receipt: row.receipt,
    error: row.last_error,
    credentialsRefused: row.credentials_refused === 1,
  };
}

/** What is waiting, sent and refused (the console's 好差评上报 view). */
export function listPlatformUploads(
  hub: Hub,
  m: ListPlatformUploadsMessage,
): CommandAck<ListPlatformUploadsResult> {
  const outbox = hub.store.platformUpload;
  return {
    ok: true,
    result: {
      settings: platformUploadOf(hub.config),
      counts: outbox.counts(),
      records: outbox.list(m.filter, LIST_LIMIT).map(platformUploadView),
    },
  };
}

/**
 * An admin's resend of a record the platform refused: due again now, committed with its
 * `platform_upload_resent` (the audit's entry, with the platform's reason it answers). Only a
 * refused record: one waiting is sent anyway, one sent is the platform's already.
 */
export function resendPlatformUpload(
  hub: Hub,
  caller: { actor: Actor; actorKey: string },
  m: ResendPlatformUploadMessage,
): CommandAck<ResendPlatformUploadResult> {
  const outbox = hub.store.platformUpload;
  const before = outbox.get(m.recordId);
  if (before === null) {
    return {
      ok: false,
      error: { code: 'invalid_message', message: `recordId: no record ${m.recordId}` },
    };
  }
  if (before.status !== 'refused') {
    return {
      ok: false,
      error: {
        code: 'invalid_message',
        message: `recordId: record ${m.recordId} is ${before.status}, not refused`,
        issues: [{ path: 'recordId', code: 'upload_not_refused', params: {} }],
      },
    };
  }
  const { result } = hub.record(caller.actor, caller.actorKey, m.commandId, () => {
    if (!outbox.resend(m.recordId, hub.now())) throw new Error(`record ${m.recordId} moved`);
    const after = outbox.get(m.recordId);
    if (after === null) throw new Error(`record ${m.recordId} vanished`);
    return {
      events: [
        {
          type: 'platform_upload_resent',
          recordId: after.id,
          ratingId: after.rating_id,
          reason: before.last_error ?? '',
        },
      ],
      result: { record: platformUploadView(after) },
    };
  });
  return { ok: true, result };
}
