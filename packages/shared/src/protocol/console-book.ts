import { z } from 'zod';
import type { BusinessDay, Millis } from '../domain/types.js';
import { LIMITS } from './limits.js';
import type { CommandBase } from './messages.js';
import { PhoneSchema } from './notify.js';
import { BusinessDaySchema, CommandIdSchema, IdSchema } from './schemas.js';

/*
 * The console's book (预约) and notification outbox (通知), issue 17: a manager sees a day's
 * slots and bookings and cancels, moves or adds one (`/admin book_day`, `book_change`); the
 * console lists today's outbox and sends a failed message again (`list_outbox`, `resend_outbox`).
 */

/** How a booking came: the public page, staff in the console, or the CSV file. */
export type BookChannel = 'online' | 'staff' | 'csv';
/** Where a booking stands; `no_show` is a booking still booked whose slot and grace are past. */
export type BookStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';
export const BOOK_STATUSES = [
  'booked',
  'checked_in',
  'cancelled',
  'no_show',
] as const satisfies readonly BookStatus[];

/** One slot of one service on the day: the places, those taken and those left. */
export interface BookSlotView {
  serviceId: string;
  at: Millis;
  capacity: number;
  booked: number;
  remaining: number;
}

/** A booking as the book shows it: never the phone, only its mask. */
export interface BookEntryView {
  id: string;
  code: string;
  serviceId: string;
  slotAt: Millis;
  channel: BookChannel;
  status: BookStatus;
  phoneMasked: string | null;
}

export interface BookDayMessage extends CommandBase {
  businessDay: BusinessDay;
  /** One service, or null for every service with a capacity. */
  serviceId: string | null;
}

export const BookDaySchema = z.strictObject({
  commandId: CommandIdSchema,
  businessDay: BusinessDaySchema,
  serviceId: IdSchema.nullable(),
});

export interface BookDayResult {
  businessDay: BusinessDay;
  /** The day is a holiday of the hall's calendar: no slot. */
  holiday: boolean;
  slots: BookSlotView[];
  /** Every booking of the day (of the service), by slot, cancelled ones too. */
  bookings: BookEntryView[];
}

/** A manager's change of the book. */
export type BookChange =
  | { kind: 'cancel'; appointmentId: string }
  | { kind: 'move'; appointmentId: string; slotAt: Millis }
  | { kind: 'add'; serviceId: string; slotAt: Millis; phone: string };

const SlotAtSchema = z.int().min(0).max(LIMITS.maxInteger);

export const BookChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cancel'), appointmentId: IdSchema }),
  z.strictObject({ kind: z.literal('move'), appointmentId: IdSchema, slotAt: SlotAtSchema }),
  z.strictObject({
    kind: z.literal('add'),
    serviceId: IdSchema,
    slotAt: SlotAtSchema,
    phone: PhoneSchema,
  }),
]);

export interface BookChangeMessage extends CommandBase {
  change: BookChange;
}

export const BookChangeMessageSchema = z.strictObject({
  commandId: CommandIdSchema,
  change: BookChangeSchema,
});

export interface BookChangeResult {
  booking: BookEntryView;
}

/** What an outbox row is: a visitor's turn-near, call or rating message, or a case alert. */
export type OutboxKind = 'near' | 'called' | 'invite' | 'case_alert';
/** Where a message stands, as the console words it. */
export type OutboxViewStatus = 'due' | 'retrying' | 'sent' | 'failed' | 'skipped';
export const OUTBOX_VIEW_STATUSES = [
  'due',
  'retrying',
  'sent',
  'failed',
  'skipped',
] as const satisfies readonly OutboxViewStatus[];

/** Which table a row is in: the visitors' outbox or the case alerts. */
export type OutboxSource = 'visitor' | 'case';

export interface OutboxView {
  source: OutboxSource;
  id: number;
  kind: OutboxKind;
  /** The ticket's number (a visitor's message) or the case's id (an alert). */
  subject: string;
  phoneMasked: string | null;
  /** The provider: `sms`, `wechat`, or `none` for a row that needed no message. */
  channel: 'sms' | 'wechat' | 'none';
  status: OutboxViewStatus;
  attempts: number;
  /** The provider's last error, or why it was skipped. */
  lastError: string | null;
  createdAt: Millis;
  sentAt: Millis | null;
}

export interface ListOutboxMessage extends CommandBase {
  /** One status, or null for all. */
  status: OutboxViewStatus | null;
}

export const ListOutboxSchema = z.strictObject({
  commandId: CommandIdSchema,
  status: z.enum(OUTBOX_VIEW_STATUSES).nullable(),
});

export interface ListOutboxResult {
  businessDay: BusinessDay;
  rows: OutboxView[];
}

export interface ResendOutboxMessage extends CommandBase {
  source: OutboxSource;
  id: number;
}

export const ResendOutboxSchema = z.strictObject({
  commandId: CommandIdSchema,
  source: z.enum(['visitor', 'case']),
  id: z.int().min(1).max(LIMITS.maxInteger),
});

export interface ResendOutboxResult {
  row: OutboxView;
}
