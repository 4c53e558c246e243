import {
  platformUploadOf,
  ratingChannelOf,
  ratingTagsOf,
  type ComplaintActionKind,
  type ComplaintView,
  type DomainEvent,
  type HallConfig,
  type Rating,
  type UploadRecord,
  type UploadRecordKind,
} from '@onestop/shared';
import type { PlatformUploadRecords } from '../../store/index.js';

/*
 * What each rating and each step of a poor rating's case becomes for the provincial platform:
 * an `UploadRecord`, written in the transaction that makes the rating or the step (the outbox,
 * store/platform-upload.ts), sent later by the uploader (uploader.ts) in the platform's own words
 * (its mapping, default-mapping.ts).
 */

/**
 * The records of a command's events (in `Hub.decideOne`, on the state after them): one per
 * rating given, with its case when the rating opened one. None when the hall uploads nothing.
 */
export function ratingRecords(
  config: HallConfig,
  hallId: () => string,
  events: readonly DomainEvent[],
): UploadRecord[] {
  if (platformUploadOf(config) === null) return [];
  const records: UploadRecord[] = [];
  for (const e of events) {
    if (e.type !== 'rating_recorded' || e.rating.score === null) continue;
    const opened = events.find(
      (o) => o.type === 'complaint_opened' && o.complaint.ticketId === e.ticketId,
    );
    const complaint = opened?.type === 'complaint_opened' ? opened.complaint : null;
    const record = ratingRecord(config, hallId(), e.ticketId, e.rating);
    if (complaint) {
      record.case = {
        caseId: complaint.id,
        callbackDueAt: complaint.callbackDueAt ?? complaint.deadlineAt,
        rectifyDueAt: complaint.deadlineAt,
        callback: null,
        rectification: null,
        closed: null,
      };
    }
    records.push(record);
  }
  return records;
}

function ratingRecord(
  config: HallConfig,
  hallId: string,
  ticketId: string,
  rating: Rating,
): UploadRecord {
  const lang = config.hall.languages[0] ?? 'zh';
  const service = config.services.find((s) => s.id === rating.serviceId);
  const department = config.departments.find((d) => d.id === service?.departmentId);
  const window = config.windows.find((w) => w.id === rating.windowId);
  const tags = ratingTagsOf(config);
  const ratingId = `${hallId}/${ticketId}/${rating.stepFinishedAt ?? rating.at}`;
  return {
    kind: 'rating',
    idempotencyKey: `${ratingId}#rating`,
    ratingId,
    channel: ratingChannelOf(rating),
    level: rating.score ?? 0,
    ratedAt: rating.at,
    matterCode: rating.matterCode ?? null,
    caseNumber: rating.caseNumber ?? null,
    department: {
      id: department?.id ?? service?.departmentId ?? '',
      name: department?.name[lang] ?? '',
    },
    service: { id: rating.serviceId, name: service?.name[lang] ?? '' },
    window: { id: rating.windowId, number: window?.number ?? 0 },
    staffNumber: rating.staffCode,
    tags: rating.reasons.map((id) => ({
      id,
      name: tags.find((tag) => tag.id === id)?.name[lang] ?? id,
    })),
    comment: rating.comment ?? null,
    followUp: null,
    case: null,
  };
}

/**
 * 追评's record: the rating's own record with the visitor's follow-up, once per rating (its key).
 * Written in the follow-up's transaction; none when the hall uploads nothing.
 */
export function followUpRecord(
  config: HallConfig,
  hallId: string,
  ticketId: string,
  rating: Rating,
  followUp: { at: number; text: string },
): UploadRecord | null {
  if (platformUploadOf(config) === null) return null;
  const record = ratingRecord(config, hallId, ticketId, rating);
  return {
    ...record,
    kind: 'follow_up',
    idempotencyKey: `${record.ratingId}#follow-up`,
    followUp,
  };
}

/** The record a case's step brings: call-back, rectification, closure (others bring none). */
export function caseStepKind(action: ComplaintActionKind): UploadRecordKind | null {
  switch (action) {
    case 'callback':
      return 'callback';
    case 'rectify':
      return 'rectification';
    case 'close':
    case 'mistaken':
      return 'closed';
    case 'assign':
    case 'note':
      return null;
  }
}

/**
 * Inside the step's transaction: the record of a case's step, the rating's record with the
 * case's records as they are after it. Only a case a poor rating opened while the hall uploaded
 * has a rating record to follow; a complaint entered by hand is no rating and is not uploaded.
 */
export function addCaseStepRecord(
  outbox: PlatformUploadRecords,
  view: ComplaintView,
  action: ComplaintActionKind,
  at: number,
): void {
  const kind = caseStepKind(action);
  if (kind === null) return;
  const rating = outbox.ratingOfCase(view.id);
  if (rating === null || rating.case === null) return;
  const closedAt = view.closedAt;
  const record: UploadRecord = {
    ...rating,
    kind,
    idempotencyKey: `${rating.ratingId}#case-${view.followUps.length}`,
    case: {
      ...rating.case,
      callback: view.callback,
      rectification: view.rectification,
      closed:
        closedAt === null || view.closedAs === null
          ? null
          : { at: closedAt, as: view.closedAs, result: view.outcome ?? '' },
    },
  };
  outbox.add([record], at);
}
