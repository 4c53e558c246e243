import { REASONS } from './issues.js';
import { z } from 'zod';
import {
  ASSIST_CLOSE_REASONS,
  DEVICE_KINDS,
  PAUSE_REASONS,
  type DeviceKind,
} from '../domain/types.js';
import { LIMITS } from './limits.js';
import { PhoneSchema, WechatOpenIdSchema } from './notify.js';
import { plainText } from './plain-text.js';
import { DEVICE_CONDITIONS, PAPER_LEVELS } from './messages.js';
import { WINDOW_BOUND_KINDS } from './roles.js';
import { isIdNumber } from '../idcard/person.js';

/*
 * The run-time shape of every message that enters the hub. Objects are strict (an unknown key
 * is refused, so a misspelt field is an error, not a silent default), strings and arrays are
 * capped, numbers are finite integers. Each schema matches its interface in messages.ts.
 */

// ---- building blocks -------------------------------------------------------------------------

/**
 * Printable text on one line: no control characters (newlines, escapes, NUL), no invisible
 * format characters (bidi overrides, zero-width) — see plain-text.ts.
 */
export function textSchema(max: number, min = 0): z.ZodString {
  return plainText(z.string().min(min).max(max));
}

/** Ids of services, windows and devices: as hall-config.ts defines them. */
export const IdSchema = z
  .string()
  .min(1)
  .max(LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/, REASONS.id_format);

/** A ticket's id is `${businessDay}/${number}`, so it also has "/". */
export const TicketIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_/-]+$/, REASONS.ticket_id_format);

export const CommandIdSchema = z
  .string()
  .min(LIMITS.commandIdMinLength)
  .max(LIMITS.commandIdMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/, REASONS.id_format);

/** Sequence numbers, counts and times: exact in a double. */
const nonNegativeInt = z.int().min(0).max(LIMITS.maxInteger);

function isCalendarDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const BusinessDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isCalendarDay, 'no such day');

export const StaffCodeSchema = z
  .string()
  .min(LIMITS.staffCodeMinLength)
  .max(LIMITS.staffCodeMaxLength)
  .regex(/^[A-Za-z0-9]+$/, REASONS.letters_digits);

export const PinSchema = z
  .string()
  .min(LIMITS.pinMinLength)
  .max(LIMITS.pinMaxLength)
  .regex(/^\d+$/, REASONS.digits_only);

const note = textSchema(LIMITS.noteMaxLength);
const commandId = CommandIdSchema;

// ---- handshake and sync ----------------------------------------------------------------------

export const HandshakeAuthSchema = z.strictObject({
  protocolVersion: z.int().min(1).max(LIMITS.maxInteger),
  token: z.string().min(1).max(LIMITS.tokenMaxLength),
});

export const SyncRequestSchema = z.strictObject({ lastSeq: nonNegativeInt });

// ---- commands --------------------------------------------------------------------------------

export const BareMessageSchema = z.strictObject({ commandId });

/** 办件编号: the service's own format is checked by the engine (`caseNumberPattern`). */
export const FinishSchema = z.strictObject({
  commandId,
  caseNumber: textSchema(LIMITS.caseNumberMaxLength, 1).optional(),
});

export const TicketMessageSchema = z.strictObject({ commandId, ticketId: TicketIdSchema });

/** The resident ID card read at the kiosk: the number (hashed at the hub, never kept) and the name. */
/** A resident ID number (18 characters, its check character right). */
export const IdNumberSchema = z.string().refine(isIdNumber, REASONS.id_number);

export const IdCardSchema = z.strictObject({
  number: IdNumberSchema,
  name: plainText(z.string().min(1).max(LIMITS.idCardNameMax)),
});

export const IssueTicketSchema = z.strictObject({
  commandId,
  itinerary: z
    .array(z.strictObject({ serviceIds: z.array(IdSchema).min(1).max(LIMITS.stepMaxServices) }))
    .min(1)
    .max(LIMITS.itineraryMaxSteps)
    .refine((steps) => {
      const ids = steps.flatMap((step) => step.serviceIds);
      return new Set(ids).size === ids.length;
    }, 'each service once in the whole itinerary'),
  class: z.enum(['normal', 'priority']),
  /**
   * The resident ID card the visitor put on the reader: its number (hashed by the hub with the
   * day's key and never kept) and the name (kept masked for the day).
   */
  idCard: IdCardSchema.optional(),
  /** For the turn-near messages (叫号提醒): kept until the day closes, shown masked. */
  phone: PhoneSchema.exactOptional(),
  wechatOpenId: WechatOpenIdSchema.exactOptional(),
  /** 帮办代办: this kiosk's call for help that the ticket is issued with. */
  assistId: TicketIdSchema.nullable().optional(),
  /** A staff member's code and PIN for a ticket without a card (checked as a login, never kept). */
  staffPin: z.strictObject({ staffCode: StaffCodeSchema, pin: PinSchema }).optional(),
});

/** 帮办代办: names one call for help (`${businessDay}/H${n}`, shaped as a ticket's id). */
export const AssistMessageSchema = z.strictObject({ commandId, requestId: TicketIdSchema });
export const CloseAssistMessageSchema = z.strictObject({
  commandId,
  requestId: TicketIdSchema,
  reason: z.enum(ASSIST_CLOSE_REASONS),
});

export const PrinterStatusSchema = z.strictObject({
  paper: z.enum(PAPER_LEVELS),
  coverOpen: z.boolean(),
  online: z.boolean(),
});

export const DeviceStatusSchema = z.strictObject({
  commandId,
  state: z.enum(DEVICE_CONDITIONS),
  detail: textSchema(LIMITS.deviceStatusDetailMaxLength),
  printer: PrinterStatusSchema.exactOptional(),
});

export const StaffLoginSchema = z.strictObject({
  commandId,
  staffCode: StaffCodeSchema,
  pin: PinSchema,
});

/** A clerk's window login kept by the terminal: the token `staff_login` gave (43 base64url). */
export const StaffResumeSchema = z.strictObject({
  commandId,
  session: z
    .string()
    .min(1)
    .max(LIMITS.tokenMaxLength)
    .regex(/^[A-Za-z0-9_-]+$/, 'a session token'),
});

export const PauseWindowSchema = z.strictObject({ commandId, reason: z.enum(PAUSE_REASONS) });

export const TransferSchema = z
  .strictObject({
    commandId,
    toServiceId: IdSchema.nullable(),
    toWindowId: IdSchema.nullable(),
    note,
  })
  .refine((m) => (m.toServiceId === null) !== (m.toWindowId === null), {
    message: 'exactly one of toServiceId and toWindowId',
    path: ['toServiceId'],
  });

export const ParkSchema = z.strictObject({
  commandId,
  until: nonNegativeInt.nullable(),
  note,
});

export const RateSchema = z.strictObject({
  commandId,
  ticketId: TicketIdSchema,
  score: z.literal([1, 2, 3, 4, 5]).nullable(),
  reasons: z.array(textSchema(LIMITS.ratingReasonMaxLength, 1)).max(LIMITS.ratingMaxReasons),
});

/**
 * A rating from the visitor's phone (the QR code of the ticket, `POST /t/<token>/rate`): a level,
 * the hall's tags for it by id, a comment. `commandId` makes a resent form the same rating.
 */
export const QrRatingSchema = z.strictObject({
  commandId,
  score: z.literal([1, 2, 3, 4, 5]),
  reasons: z.array(IdSchema).max(LIMITS.ratingMaxReasons),
  comment: textSchema(LIMITS.ratingCommentMaxLength),
});
export type QrRating = z.infer<typeof QrRatingSchema>;

/** 追评 from the status page (`POST /t/<token>/follow-up`): words, and a new level or none. */
export const QrFollowUpSchema = z.strictObject({
  commandId,
  score: z.literal([1, 2, 3, 4, 5]).nullable(),
  text: textSchema(LIMITS.ratingCommentMaxLength, 1),
});
export type QrFollowUp = z.infer<typeof QrFollowUpSchema>;

export const OpenDaySchema = z.strictObject({
  commandId,
  businessDay: BusinessDaySchema.nullable(),
});

const windowBound: ReadonlySet<DeviceKind> = new Set(WINDOW_BOUND_KINDS);

export const CreateDeviceSchema = z
  .strictObject({
    commandId,
    kind: z.enum(DEVICE_KINDS),
    name: textSchema(LIMITS.deviceNameMaxLength, 1),
    windowId: IdSchema.nullable(),
  })
  .refine((m) => windowBound.has(m.kind) === (m.windowId !== null), {
    message: 'a window terminal or rating pad names its window; a kiosk or display does not',
    path: ['windowId'],
  });

// ---- HTTP ------------------------------------------------------------------------------------

/** `POST /api/pair`: a device redeems its one-time pairing code for a token. */
export const PairRequestSchema = z.strictObject({
  code: z
    .string()
    .min(LIMITS.pairingCodeMinLength)
    .max(LIMITS.pairingCodeMaxLength)
    .regex(/^[A-Za-z0-9-]+$/, 'letters, digits or "-" only'),
});

/** `POST /api/login`: a supervisor or admin opens a session of the admin console. */
export const LoginRequestSchema = z.strictObject({
  staffCode: StaffCodeSchema,
  pin: PinSchema,
});
