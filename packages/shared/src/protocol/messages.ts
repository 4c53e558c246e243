import type {
  AssistCloseReason,
  AssistRequest,
  BusinessDay,
  DeviceKind,
  ItineraryStep,
  Millis,
  PauseReason,
  RatingScore,
  StaffRole,
  Ticket,
  TicketClass,
  WindowState,
} from '../domain/types.js';
import type { DayState } from '../engine/state.js';

/*
 * The payload of every command a client sends, and the result its acknowledgement carries.
 * The zod schemas in schemas.ts give the same shapes at run time (types.test.ts proves it).
 */

/** Every command carries an id made by the client; a retry reuses it and gets the first result. */
export interface CommandBase {
  /** 8 to 64 of `A-Z a-z 0-9 _ -`; a UUID fits. */
  commandId: string;
}

/** A command with nothing but its id: the window, staff or day comes from the connection. */
export type BareMessage = CommandBase;

/** Finishes the service: with the business system's case number (办件编号), when there is one. */
export interface FinishMessage extends CommandBase {
  caseNumber?: string | undefined;
}

/** Names one ticket by id. */
export interface TicketMessage extends CommandBase {
  ticketId: string;
}

// ---- /kiosk ----------------------------------------------------------------------------------

/** Appointment tickets are not issued at the kiosk. */
export type KioskTicketClass = Exclude<TicketClass, 'appointment'>;

export interface IssueTicketMessage extends CommandBase {
  /** The visit's steps, in order; a step of several services is a parallel approval. */
  itinerary: ItineraryStep[];
  class: KioskTicketClass;
  /** The card on the kiosk's reader, when there was one (`hall.idLimit`, the masked name). */
  idCard?: IdCardHolder | undefined;
  /** A mainland mobile number for the turn-near messages (叫号提醒). */
  phone?: string;
  /** A WeChat user of the hall's official account, for its template messages. */
  wechatOpenId?: string;
  /**
   * 帮办代办: the call for help this kiosk made (`request_assist`) that the ticket is issued
   * with; the ticket then carries the "by a helper" mark. Absent or null: none.
   */
  assistId?: string | null | undefined;
  /**
   * A visitor without an ID card where the hall asks staff (`withoutIdCard: "askStaff"`): the
   * staff member at the kiosk lets the ticket through with their staff code and PIN, checked by
   * the hub as a window terminal's login (same lockout); the ticket names them (`allowedBy`).
   */
  staffPin?: StaffPin | undefined;
}

/** A staff member's code and PIN typed on the kiosk's keypad: checked, never kept. */
export interface StaffPin {
  staffCode: string;
  pin: string;
}

/** What the kiosk sends of an ID card: nothing else of it leaves the kiosk. */
export interface IdCardHolder {
  /** The citizen ID number (GB 11643), to be hashed by the hub. */
  number: string;
  /** The name as on the card; the hub keeps only its masked form. */
  name: string;
}

/** 帮办代办: answers one call for help from a kiosk. */
export interface AssistMessage extends CommandBase {
  requestId: string;
}

/** A call for help as it stands after the command. */
/** 帮办代办: staff close a call that ended with no ticket, with the reason. */
export interface CloseAssistMessage extends CommandBase {
  requestId: string;
  reason: AssistCloseReason;
}

export interface AssistResult {
  request: AssistRequest;
}

export type DeviceCondition = 'ok' | 'warning' | 'error' | 'offline';
export const DEVICE_CONDITIONS = [
  'ok',
  'warning',
  'error',
  'offline',
] as const satisfies readonly DeviceCondition[];

export type PaperLevel = 'ok' | 'near_end' | 'out' | 'unknown';
export const PAPER_LEVELS = [
  'ok',
  'near_end',
  'out',
  'unknown',
] as const satisfies readonly PaperLevel[];

export interface PrinterStatus {
  paper: PaperLevel;
  coverOpen: boolean;
  online: boolean;
}

/** Any device reports its health; the admin monitor shows the last report. */
export interface DeviceStatusMessage extends CommandBase {
  state: DeviceCondition;
  detail: string;
  /** Only devices with a printer (kiosks). */
  printer?: PrinterStatus;
}

// ---- /window ---------------------------------------------------------------------------------

export interface StaffLoginMessage extends CommandBase {
  staffCode: string;
  pin: string;
}

export interface PauseWindowMessage extends CommandBase {
  reason: PauseReason;
}

export interface TransferMessage extends CommandBase {
  /** Exactly one of the two: another service's queue, or one window. */
  toServiceId: string | null;
  toWindowId: string | null;
  note: string;
}

export interface ParkMessage extends CommandBase {
  /** When the ticket returns to its queue by itself; null: when the clerk unparks it. */
  until: Millis | null;
  note: string;
}

// ---- /rate -----------------------------------------------------------------------------------

export interface RateMessage extends TicketMessage {
  /** null: the visitor did not rate within the pad's timeout. */
  score: RatingScore | null;
  reasons: string[];
}

// ---- /admin ----------------------------------------------------------------------------------

export interface OpenDayMessage extends CommandBase {
  /** null: today in the hall's timezone. */
  businessDay: BusinessDay | null;
}

export interface CreateDeviceMessage extends CommandBase {
  kind: DeviceKind;
  name: string;
  /** The window of a window terminal or rating pad; null for kiosks and displays. */
  windowId: string | null;
}

// ---- results ---------------------------------------------------------------------------------

/** The result of a command that has nothing to report but success. */
export type EmptyResult = Record<string, never>;

export interface IssueTicketResult {
  /** The full ticket, with its `accessToken` for the QR code: only the issuing kiosk gets it. */
  ticket: Ticket;
  /**
   * Set when the ID card found the visitor's own number instead of issuing a new one: a number
   * taken from the phone, now confirmed (`remote`), or today's appointment, now checked in
   * (`appointment`).
   */
  found?: 'remote' | 'appointment';
}

export interface StaffIdentity {
  code: string;
  name: string;
  role: StaffRole;
}

export interface StaffLoginResult {
  staff: StaffIdentity;
  /**
   * The login's token: the terminal keeps it and sends it with `staff_resume` after each
   * reconnect. The hub keeps only its hash; it ends with `staff_logout`, the login's expiry, a
   * new PIN, or the clerk disabled.
   */
  session: string;
}

/** Picks a clerk's window login up again after a reconnect (a restarted hub). */
export interface StaffResumeMessage extends CommandBase {
  session: string;
}

/** Every window and ticket command at a window: the ticket it touched (if any) and the window after. */
export interface WindowResult {
  ticket: Ticket | null;
  window: WindowState;
}

/**
 * What a window did on one business day, counted as the admin console's reports count it
 * (统计口径: each service where it happened, one row of `ticket_steps` per call).
 */
export interface DayFigures {
  /** Services finished here: a visit in two steps counts once at each window that did one. */
  served: number;
  noShow: number;
  /** Tickets sent on from here to another service or window. */
  transfers: number;
  /** From start to finish of each service finished here; null before the first. */
  avgServiceMs: number | null;
  /** Ratings with a score (not a timeout) for services finished here. */
  rated: number;
  avgScore: number | null;
  /** Rated 4 or 5. */
  satisfied: number;
  /** `satisfied / rated`, 0..1; null when nothing was rated. */
  satisfactionRate: number | null;
}

/** `day_figures`: today's figures of the terminal's own window and of the clerk logged in at it. */
export interface DayFiguresResult {
  /** The hall's current business day (the open one, or the last closed one). */
  businessDay: BusinessDay;
  window: DayFigures;
  /** The clerk logged in at this terminal, at this window only; null when nobody is. */
  clerk: (DayFigures & { staffCode: string }) | null;
}

/**
 * `ticket_holder`: the ticket called or served at this window and its holder's masked name
 * (张*三), when the ticket was issued with an ID card today; null otherwise.
 */
export interface TicketHolderResult {
  ticketId: string | null;
  maskedName: string | null;
}

export interface TicketResult {
  ticket: Ticket;
}

export interface DayResult {
  day: DayState;
}

export interface CreateDeviceResult {
  deviceId: string;
  /**
   * One-time code the device enters at `POST /api/pair`. The hub never stores it: a retry of the
   * same `commandId` gets a fresh code for the same device (the unused one stops working), or
   * null when the device has paired or was unpaired since (no new code is made then).
   */
  pairingCode: string | null;
  /** When `pairingCode` stops working; null with a null code. */
  expiresAt: Millis | null;
}
