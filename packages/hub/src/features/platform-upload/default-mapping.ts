import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { t, type UploadRecord } from '@onestop/shared';
import type { PlatformMappingModule, UploadOutcome } from './mapping.js';

/*
 * The default mapping (docs/RATINGS.md, "The record on the wire"): one JSON POST per record,
 * signed with HMAC-SHA256 over `timestamp + "\n" + nonce + "\n" + body` with the hall's secret:
 *
 *   Content-Type: application/json
 *   X-Platform-Id: <platformId>       X-Timestamp: <epoch ms>       X-Nonce: <32 hex>
 *   X-Signature: <hex HMAC-SHA256>    Idempotency-Key: <the record's key>
 *
 * answered 200 `{ "ok": true, "receipt": "…" }` (the same receipt again for a key it has),
 * 422 `{ "ok": false, "reason": "…" }` for a record it refuses, 401 or 403 for the credentials.
 */

const AnswerSchema = z.object({
  ok: z.boolean(),
  receipt: z.string().min(1).max(200).optional(),
  reason: z.string().max(1000).optional(),
});

const LEVEL_KEYS = ['rating.1', 'rating.2', 'rating.3', 'rating.4', 'rating.5'] as const;

/** 非常满意 … 非常不满意: the platforms' names of the five levels. */
function levelName(level: number): string | null {
  const key = LEVEL_KEYS[level - 1];
  return key === undefined ? null : t(key, 'zh');
}

/** The record in the default platform's field names. */
export function defaultBody(record: UploadRecord, platformId: string): Record<string, unknown> {
  const c = record.case;
  return {
    platformId,
    requestId: record.idempotencyKey,
    recordType: record.kind,
    evaluation: {
      evaluationId: record.ratingId,
      channel: record.channel,
      level: record.level,
      levelName: levelName(record.level),
      evaluatedAt: new Date(record.ratedAt).toISOString(),
      matterCode: record.matterCode,
      caseNumber: record.caseNumber,
      departmentCode: record.department.id,
      departmentName: record.department.name,
      serviceName: record.service.name,
      windowNumber: record.window.number,
      staffNumber: record.staffNumber,
      tags: record.tags.map((tag) => tag.name),
      tagCodes: record.tags.map((tag) => tag.id),
      comment: record.comment,
      followUp: record.followUp && {
        at: new Date(record.followUp.at).toISOString(),
        text: record.followUp.text,
      },
    },
    rectification: c && {
      caseId: c.caseId,
      callbackDueAt: new Date(c.callbackDueAt).toISOString(),
      rectifyDueAt: new Date(c.rectifyDueAt).toISOString(),
      callback: c.callback && {
        by: c.callback.by,
        at: new Date(c.callback.at).toISOString(),
        visitorSaid: c.callback.visitorSaid,
      },
      rectification: c.rectification && {
        by: c.rectification.by,
        at: new Date(c.rectification.at).toISOString(),
        what: c.rectification.what,
      },
      closed: c.closed && {
        at: new Date(c.closed.at).toISOString(),
        as: c.closed.as,
        result: c.closed.result,
      },
    },
  };
}

/** The signature of the default mapping: hex HMAC-SHA256 of `timestamp\nnonce\nbody`. */
export function defaultSignature(
  secret: string,
  timestamp: number,
  nonce: string,
  body: string,
): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
}

export const defaultMapping: PlatformMappingModule = {
  request(record, settings, secret, { timestamp, nonce }) {
    const body = JSON.stringify(defaultBody(record, settings.platformId));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-platform-id': settings.platformId,
        'x-timestamp': String(timestamp),
        'x-nonce': nonce,
        'x-signature': defaultSignature(secret, timestamp, nonce, body),
        'idempotency-key': record.idempotencyKey,
      },
    };
  },

  answer(status, text): UploadOutcome {
    if (status === 401 || status === 403) {
      return { kind: 'credentials', error: `HTTP ${status}: ${text.slice(0, 200)}` };
    }
    let parsed: z.infer<typeof AnswerSchema> | null = null;
    try {
      const result = AnswerSchema.safeParse(JSON.parse(text));
      parsed = result.success ? result.data : null;
    } catch {
      parsed = null;
    }
    if (status >= 200 && status < 300 && parsed?.ok === true && parsed.receipt !== undefined) {
      return { kind: 'sent', receipt: parsed.receipt };
    }
    if ((status === 422 || (status >= 200 && status < 300)) && parsed?.ok === false) {
      return { kind: 'refused', reason: parsed.reason ?? `HTTP ${status}` };
    }
    return { kind: 'retry', error: `HTTP ${status}: ${text.slice(0, 200)}` };
  },
};
