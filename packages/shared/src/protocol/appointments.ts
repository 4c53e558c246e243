import { z } from 'zod';
import type { BusinessDay, Millis, Ticket } from '../domain/types.js';
import { LIMITS } from './limits.js';
import type { CommandBase } from './messages.js';
import { PhoneSchema } from './notify.js';
import { CommandIdSchema, IdNumberSchema, IdSchema } from './schemas.js';

/*
 * The appointment book: an admin books a slot (`/admin book_appointment`, `cancel_appointment`),
 * the visitor checks in at a kiosk (`/kiosk check_in`) and gets an appointment ticket.
 */

/** A visitor may check in from this long before the slot; the policy's grace is the limit after it. */
export const APPOINTMENT_EARLY_MINUTES = 60;

/** Booking codes are digits only, so the kiosk's keypad can type them. */
export const APPOINTMENT_CODE_MIN = 4;
export const APPOINTMENT_CODE_MAX = 8;
/** Codes the hub makes up itself are this long. */
export const APPOINTMENT_CODE_LENGTH = 6;

export const AppointmentCodeSchema = z
  .string()
  .regex(
    new RegExp(`^[0-9]{${APPOINTMENT_CODE_MIN},${APPOINTMENT_CODE_MAX}}$`),
    `${APPOINTMENT_CODE_MIN} to ${APPOINTMENT_CODE_MAX} digits`,
  );

export const PhoneLast4Schema = z.string().regex(/^[0-9]{4}$/, 'the last 4 digits of a phone');

export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled';
export const APPOINTMENT_STATUSES = [
  'booked',
  'checked_in',
  'cancelled',
] as const satisfies readonly AppointmentStatus[];

/** A booking as the admin console sees it: never the phone digits, only whether there are some. */
export interface AppointmentView {
  id: string;
  businessDay: BusinessDay;
  code: string;
  serviceId: string;
  slotAt: Millis;
  hasPhone: boolean;
  status: AppointmentStatus;
  ticketId: string | null;
  createdAt: Millis;
  /** Booked by staff (console, CSV import) or by the visitor on the public page. */
  origin: 'staff' | 'online';
  /** An online booking's phone number, masked (`138****5678`); null otherwise. */
  phoneMasked: string | null;
}

export interface BookAppointmentMessage extends CommandBase {
  /** null: the hub makes up a code not used on that day. */
  code: string | null;
  serviceId: string;
  /** Start of the slot; its business day (hall timezone) is the day the code belongs to. */
  slotAt: Millis;
  /** The last 4 digits of the visitor's phone, asked again at check-in; kept only as a salted hash. */
  phoneLast4: string | null;
  /**
   * The visitor's resident ID number, if staff have it: the hub keeps only a salted hash, so
   * that the card read at a kiosk finds the booking; never the number.
   */
  idNumber?: string | undefined;
}

export const BookAppointmentSchema = z.strictObject({
  commandId: CommandIdSchema,
  code: AppointmentCodeSchema.nullable(),
  serviceId: IdSchema,
  slotAt: z.int().min(0).max(LIMITS.maxInteger),
  phoneLast4: PhoneLast4Schema.nullable(),
  idNumber: IdNumberSchema.optional(),
});

export interface AppointmentResult {
  appointment: AppointmentView;
}

export interface CancelAppointmentMessage extends CommandBase {
  appointmentId: string;
}

export const CancelAppointmentSchema = z.strictObject({
  commandId: CommandIdSchema,
  appointmentId: IdSchema,
});

/** `/kiosk check_in`: today's booking with this code becomes an appointment ticket. */
export interface CheckInMessage extends CommandBase {
  code: string;
  /** Needed when the booking was made with phone digits. */
  phoneLast4: string | null;
  /**
   * 叫号提醒 for a booking without a mobile number on file: the number the visitor typed at the
   * kiosk, or null when they declined. Absent: not asked yet; where the hall asks for phones at
   * the kiosk, the hub then answers `appointment_phone_offer` (nothing checked in) and the kiosk
   * offers its phone keypad. A booking made online carries its own number over to the ticket.
   */
  phone?: string | null;
}

export const CheckInSchema = z.strictObject({
  commandId: CommandIdSchema,
  code: AppointmentCodeSchema,
  phoneLast4: PhoneLast4Schema.nullable(),
  phone: PhoneSchema.nullable().exactOptional(),
});

export interface CheckInResult {
  ticket: Ticket;
}
