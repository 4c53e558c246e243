import { z } from 'zod';
import type { HallConfig, Millis, RatingChannel } from '../domain/types.js';
import type { CommandBase } from './messages.js';
import { CommandIdSchema } from './schemas.js';
import { plainText } from './plain-text.js';

/*
 * 好差评 upload to the provincial integrated service platform (docs/RATINGS.md, "Upload to the
 * provincial platform"): the hall's settings, the record each rating and each step of a poor
 * rating's case becomes, and the console's view of the outbox.
 */

/** Which mapping of the record to the platform's fields and signing (one module per platform). */
export type PlatformMapping = 'default';
export const PLATFORM_MAPPINGS = ['default'] as const satisfies readonly PlatformMapping[];

/** The hall's upload settings (never a secret: the hall's key is the hub's environment's). */
export interface PlatformUploadSettings {
  /** false: records are still written and kept waiting; nothing is sent. */
  enabled: boolean;
  /** The platform's address: https, or http to 127.0.0.1 only (a test server). */
  url: string;
  /** The hall's id at the platform (its 服务大厅编码 / appId). */
  platformId: string;
  mapping: PlatformMapping;
}

/** https anywhere; http only to the machine itself (tests, a local relay); no user in it. */
export function uploadUrlAllowed(url: string): boolean {
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  if (authority.includes('@')) return false;
  return /^https:\/\/[^/?#]+/i.test(url) || /^http:\/\/127\.0\.0\.1(:\d{1,5})?([/?#]|$)/i.test(url);
}

export const PlatformUploadSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  url: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL' })
    .max(500)
    .refine(uploadUrlAllowed, 'an https URL (http only to 127.0.0.1), without a user or password'),
  platformId: plainText(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _, . and -'),
  ),
  mapping: z.enum(PLATFORM_MAPPINGS).default('default'),
}) satisfies z.ZodType<PlatformUploadSettings, unknown>;

/** The hall's upload settings, or null when it uploads nothing (no records are written). */
export function platformUploadOf(config: HallConfig): PlatformUploadSettings | null {
  return config.platformUpload ?? null;
}

/** What a record reports: a rating, its follow-up, or a step of its case. */
export type UploadRecordKind = 'rating' | 'follow_up' | 'callback' | 'rectification' | 'closed';
export const UPLOAD_RECORD_KINDS = [
  'rating',
  'follow_up',
  'callback',
  'rectification',
  'closed',
] as const satisfies readonly UploadRecordKind[];

/** The loop's records of a case as the platform gets them (each null until made). */
export interface UploadCaseRecords {
  /** The case's id in the hall (`<business day>/<ticket number>`). */
  caseId: string;
  callbackDueAt: Millis;
  rectifyDueAt: Millis;
  callback: { by: string; at: Millis; visitorSaid: string } | null;
  rectification: { by: string; at: Millis; what: string } | null;
  /** `resolved`: put right and the visitor told; `mistaken`: the rating proved mistaken. */
  closed: { at: Millis; as: 'resolved' | 'mistaken'; result: string } | null;
}

/**
 * One record to the platform, platform-independent (a mapping module words it for its
 * platform): the rating it is about and, for a case's step, the case's records so far.
 */
export interface UploadRecord {
  kind: UploadRecordKind;
  /** The same for every try of this record: the platform keeps it once. */
  idempotencyKey: string;
  /** The rating's id in the hall: `<hall id>/<ticket id>/<when its step finished>`. */
  ratingId: string;
  channel: RatingChannel;
  /** 1 (非常不满意) to 5 (非常满意). */
  level: number;
  ratedAt: Millis;
  /** 事项编码 and 办件编号 of the rated step, when it had them. */
  matterCode: string | null;
  caseNumber: string | null;
  department: { id: string; name: string };
  service: { id: string; name: string };
  window: { id: string; number: number };
  /** The clerk's staff number, when a clerk was logged in. */
  staffNumber: string | null;
  /** The tags picked: their ids and names (the hall's first language). */
  tags: { id: string; name: string }[];
  comment: string | null;
  /** 追评: the visitor's follow-up to the rating, when one was given. */
  followUp: { at: Millis; text: string } | null;
  /** For a poor rating: its case (call-back, rectification, closure); null otherwise. */
  case: UploadCaseRecords | null;
}

export type PlatformUploadStatus = 'pending' | 'sending' | 'sent' | 'refused';
export const PLATFORM_UPLOAD_STATUSES = [
  'pending',
  'sending',
  'sent',
  'refused',
] as const satisfies readonly PlatformUploadStatus[];

/** A record of the outbox as the console shows it. */
export interface PlatformUploadView {
  id: number;
  kind: UploadRecordKind;
  ratingId: string;
  caseId: string | null;
  level: number;
  status: PlatformUploadStatus;
  attempts: number;
  createdAt: Millis;
  /** When the next try is due (waiting ones). */
  nextAt: Millis;
  sentAt: Millis | null;
  /** The platform's receipt for a record it took. */
  receipt: string | null;
  /** Why the last try failed (waiting), or the platform's reason (refused). */
  error: string | null;
  /** A waiting record whose last try was refused for the hall's credentials. */
  credentialsRefused: boolean;
}

export interface ListPlatformUploadsMessage extends CommandBase {
  filter: 'waiting' | 'sent' | 'refused' | 'all';
}

export const ListPlatformUploadsSchema = z.strictObject({
  commandId: CommandIdSchema,
  filter: z.enum(['waiting', 'sent', 'refused', 'all']),
});

export interface ListPlatformUploadsResult {
  /** null: the hall has no upload settings. */
  settings: PlatformUploadSettings | null;
  counts: Record<'waiting' | 'sent' | 'refused', number>;
  /** Newest first, at most 200. */
  records: PlatformUploadView[];
}

/** An admin sends a refused record again (after the data or the platform was put right). */
export interface ResendPlatformUploadMessage extends CommandBase {
  recordId: number;
}

export const ResendPlatformUploadSchema = z.strictObject({
  commandId: CommandIdSchema,
  recordId: z.int().min(1),
});

export interface ResendPlatformUploadResult {
  record: PlatformUploadView;
}
