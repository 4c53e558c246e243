import { REASONS, reasonParams } from './issues.js';
import { z } from 'zod';
import type {
  CombinedVisit,
  Department,
  DeviceKind,
  HallConfig,
  Millis,
  Service,
  Staff,
  StaffRole,
} from '../domain/types.js';
import type {
  BusinessDay,
  CallPolicy,
  HallBooking,
  HallRemote,
  HallWindow,
  NotifySettings,
} from '../domain/types.js';
import { ID_LIMITS, WITHOUT_ID_CARD, type IdLimit, type WithoutIdCard } from '../idcard/person.js';
import type { SequencedEvent } from '../domain/events.js';
import {
  COMPLAINT_ACTION_KINDS,
  type Complaint,
  type ComplaintActionKind,
  type RatingTag,
} from '../domain/types.js';
import { HallBookingSchema } from './booking.js';
import { HallConfigSchema } from './hall-config.js';
import { HallRemoteSchema } from './remote.js';
import { LIMITS } from './limits.js';
import type { CommandBase } from './messages.js';
import {
  BusinessDaySchema,
  CommandIdSchema,
  IdSchema,
  PinSchema,
  StaffCodeSchema,
  textSchema,
  TicketIdSchema,
} from './schemas.js';

/*
 * The admin console's own commands (namespace `/admin`): the live monitor's device list,
 * reports, complaints follow-up, configuration changes and the audit search.
 */

const commandId = CommandIdSchema;
const millis = z.int().min(0).max(LIMITS.maxInteger);

// ---- devices ---------------------------------------------------------------------------------

/** A device as the admin console sees it: never its token or its hash. */
export interface DeviceInfo {
  id: string;
  kind: DeviceKind;
  name: string;
  windowId: string | null;
  createdAt: Millis;
  pairedAt: Millis | null;
  lastSeenAt: Millis | null;
  /** The last status the device reported (`device_status`), or null. */
  status: unknown;
  statusAt: Millis | null;
  revokedAt: Millis | null;
}

export interface ListDevicesResult {
  devices: DeviceInfo[];
}

/** Gives a device a new name (admins only). */
export interface RenameDeviceMessage extends CommandBase {
  deviceId: string;
  name: string;
}

export const RenameDeviceSchema = z.strictObject({
  commandId,
  deviceId: IdSchema,
  name: textSchema(LIMITS.deviceNameMaxLength, 1),
});

/** Unpairs a device for good (admins only): its token stops working at once. */
export interface UnpairDeviceMessage extends CommandBase {
  deviceId: string;
}

export const UnpairDeviceSchema = z.strictObject({ commandId, deviceId: IdSchema });

export interface DeviceResult {
  device: DeviceInfo;
}

// ---- reports ---------------------------------------------------------------------------------

export type ReportGrouping = 'service' | 'window' | 'staff' | 'department' | 'hour' | 'tag';
export const REPORT_GROUPINGS = [
  'service',
  'window',
  'staff',
  'department',
  'hour',
  'tag',
] as const satisfies readonly ReportGrouping[];

/** The longest date range one report may cover. */
export const REPORT_MAX_DAYS = 400;

export interface ReportMessage extends CommandBase {
  /** First and last business day, inclusive. */
  from: string;
  to: string;
  by: ReportGrouping;
}

export const ReportSchema = z
  .strictObject({
    commandId,
    from: BusinessDaySchema,
    to: BusinessDaySchema,
    by: z.enum(REPORT_GROUPINGS),
  })
  .refine((m) => m.from <= m.to, { message: REASONS.from_after_to, path: ['to'] })
  .refine((m) => (Date.parse(m.to) - Date.parse(m.from)) / 86_400_000 < REPORT_MAX_DAYS, {
    message: `at most ${REPORT_MAX_DAYS} days`,
    path: ['to'],
  });

/**
 * 好差评's figures of one group (docs/RATINGS.md, "The figures"). Rates are 0..1, null when
 * their denominator is 0. By tag only `ratingRate` and the case figures mean nothing: null.
 */
export interface RatingFigures {
  /** 评价率: steps rated (any channel) / steps finished (`served`). */
  ratingRate: number | null;
  /** 差评数: ratings of 1 or 2. */
  poor: number;
  /** Cases opened for the range's days: poor ratings' and complaints entered by hand. */
  cases: number | null;
  /** Cases with a call-back record. 回访率 = callbacks / cases. */
  callbacks: number | null;
  callbackRate: number | null;
  /** Call-backs made by their deadline; 回访及时率 = on time / cases whose call-back is due. */
  callbacksOnTime: number | null;
  callbackOnTimeRate: number | null;
  /** Cases closed with the result told, or closed as mistaken (no rectification needed). */
  rectified: number | null;
  /** 整改率 = rectified / cases. */
  rectificationRate: number | null;
  /** Closed with the result told by the deadline; 整改及时率 = on time / cases whose
   * rectification is due (mistaken ones are not). */
  rectifiedOnTime: number | null;
  rectificationOnTimeRate: number | null;
}

/** The figures of one group (one service, window, clerk, department, hour of the day or tag). */
export interface ReportRow {
  /**
   * The service, window or department id, the staff code, or the hour `09`; `(none)` if unknown
   * (by window or clerk: what happened at no window, the tickets themselves).
   */
  key: string;
  /** Tickets, by the service and hour they were issued for (cancelled and expired likewise). */
  issued: number;
  /** Services finished, each where it was done: a visit in two steps counts once per step. */
  served: number;
  noShow: number;
  cancelled: number;
  expired: number;
  /** From joining a queue (issue, previous step, transfer, put back) to the call, per call. */
  avgWaitMs: number | null;
  p90WaitMs: number | null;
  /** From start to finish of each service finished. */
  avgServiceMs: number | null;
  /** Transfers, at the window and by the clerk that made them, under the service left. */
  transfers: number;
  /** Ratings with a score (not a timeout), for the service, window and clerk rated. */
  rated: number;
  avgScore: number | null;
  /** Rated 4 or 5. */
  satisfied: number;
  /** `satisfied / rated`, 0..1; null when nothing was rated. */
  satisfactionRate: number | null;
  /** Complaints opened for the group's tickets. */
  complaints: number;
  /** 好差评's figures: the hall's report always has them (a region's report has none). */
  ratings?: RatingFigures;
}

export interface ReportResult {
  from: string;
  to: string;
  by: ReportGrouping;
  rows: ReportRow[];
  total: ReportRow;
  /** 追评: the follow-ups to the ratings of the range's days (their count is the figure). */
  followUps?: RatingFollowUpView[];
}

/** One visitor's follow-up to a rating (追评), as the console lists it. */
export interface RatingFollowUpView {
  ticketId: string;
  /** The rated ticket's business day. */
  businessDay: string;
  serviceId: string;
  windowId: string;
  staffCode: string | null;
  /** The new level, or null: the rating's level stands. */
  score: number | null;
  text: string;
  at: Millis;
}

// ---- complaints ------------------------------------------------------------------------------

export type ComplaintFilter = 'open' | 'closed' | 'overdue' | 'all';
export const COMPLAINT_FILTERS = [
  'open',
  'closed',
  'overdue',
  'all',
] as const satisfies readonly ComplaintFilter[];

export interface ListComplaintsMessage extends CommandBase {
  filter: ComplaintFilter;
}

export const ListComplaintsSchema = z.strictObject({
  commandId,
  filter: z.enum(COMPLAINT_FILTERS),
});

/**
 * One step of a complaint's follow-up (see `ComplaintActionKind`). `text` is the assignee's
 * code, the note, what the visitor said on the call-back, what was changed, the result the
 * visitor was told, or why the rating was mistaken. `by` names who called the visitor back or
 * who made the change (required for `callback` and `rectify`); `at` is when the visitor was
 * reached (a `callback` made earlier than it is entered; the hub's time when absent).
 */
export interface ComplaintActionMessage extends CommandBase {
  complaintId: string;
  action: ComplaintActionKind;
  text: string;
  by?: string | undefined;
  at?: Millis | undefined;
}

/** The actions whose record names a person (`by`). */
const NAMES_BY: readonly ComplaintActionKind[] = ['callback', 'rectify'];

export const ComplaintActionSchema = z
  .strictObject({
    commandId,
    complaintId: TicketIdSchema,
    action: z.enum(COMPLAINT_ACTION_KINDS),
    text: textSchema(LIMITS.noteMaxLength),
    by: textSchema(40).optional(),
    at: z.number().int().min(0).optional(),
  })
  .refine((m) => m.text.trim().length > 0, {
    message: REASONS.complaint_action_missing,
    path: ['text'],
  })
  .refine((m) => !NAMES_BY.includes(m.action) || (m.by ?? '').trim().length > 0, {
    message: REASONS.case_by_missing,
    path: ['by'],
  });

/**
 * A complaint entered by hand (a call, a letter, a visitor at the desk). `contact` is the
 * visitor's phone: the hub keeps only its masked form (see `maskContact`). The deadline is the
 * policy's `complaintDeadlineDays` working days (15 by default).
 */
export interface OpenComplaintMessage extends CommandBase {
  contact: string;
  summary: string;
  serviceId: string | null;
  windowId: string | null;
  staffCode: string | null;
  ticketId: string | null;
}

const CONTACT_DIGITS = { min: 7, max: 15 };

export const OpenComplaintSchema = z.strictObject({
  commandId,
  contact: z
    .string()
    .max(24)
    .regex(/^\+?[0-9][0-9 -]*$/, REASONS.phone_format)
    .refine(
      (c) => {
        const n = c.replace(/[^0-9]/g, '').length;
        return n >= CONTACT_DIGITS.min && n <= CONTACT_DIGITS.max;
      },
      {
        message: `${CONTACT_DIGITS.min} to ${CONTACT_DIGITS.max} digits`,
        params: reasonParams('digits', CONTACT_DIGITS),
      },
    ),
  summary: textSchema(LIMITS.noteMaxLength, 1).refine((s) => s.trim().length > 0, {
    message: REASONS.complaint_summary_missing,
  }),
  serviceId: IdSchema.nullable(),
  windowId: IdSchema.nullable(),
  staffCode: StaffCodeSchema.nullable(),
  ticketId: TicketIdSchema.nullable(),
});

/**
 * A phone number masked for keeping: the last 4 digits, the first 3 of a long number (2 of a
 * 9- or 10-digit one), stars between: `13812345678` → `138****5678`.
 */
export function maskContact(contact: string): string {
  const digits = contact.replace(/[^0-9]/g, '');
  const head = digits.length >= 11 ? 3 : digits.length >= 9 ? 2 : 0;
  const hidden = Math.max(3, digits.length - head - 4);
  return `${digits.slice(0, head)}${'*'.repeat(hidden)}${digits.slice(-4)}`;
}

export interface ComplaintFollowUp {
  /** When it was entered. */
  at: Millis;
  /** Who entered it. */
  staffCode: string;
  action: ComplaintActionKind;
  text: string;
  /** Callback, rectify: who called the visitor back or made the change. */
  by: string | null;
  /** Callback: when the visitor was reached (else `at`). */
  doneAt: Millis;
}

/**
 * Where a case stands against one of its deadlines: done in time or late, still open (due soon
 * when it falls due on the hall's business day of now), overdue, or not needed (a rating closed
 * as mistaken needs no rectification).
 */
export type CaseDeadlineState = 'met' | 'met_late' | 'pending' | 'due_soon' | 'overdue' | 'waived';
export const CASE_DEADLINE_STATES = [
  'met',
  'met_late',
  'pending',
  'due_soon',
  'overdue',
  'waived',
] as const satisfies readonly CaseDeadlineState[];

/** How a case was closed: put right with the result told the visitor, or a mistaken rating. */
export type CaseClosure = 'resolved' | 'mistaken';

/**
 * A complaint with its follow-up record, as the console lists it: opened by a poor rating
 * (`source: 'rating'`, with its ticket and score) or entered by hand (`source: 'manual'`, with
 * the visitor's masked contact and what they said).
 */
export interface ComplaintView extends Omit<
  Complaint,
  'status' | 'ticketId' | 'windowId' | 'serviceId' | 'score'
> {
  source: 'rating' | 'manual';
  ticketId: string | null;
  windowId: string | null;
  serviceId: string | null;
  score: Complaint['score'] | null;
  /** Manual: the visitor's contact, masked (138****5678); never stored whole. */
  contact: string | null;
  /** Manual: what the visitor complained about. */
  summary: string | null;
  /** The ticket's number, or the complaint's own for one entered by hand. */
  ticketNumber: string;
  status: 'open' | 'closed';
  assignee: string | null;
  /** When the visitor was first reached by a call-back. */
  callbackAt: Millis | null;
  closedAt: Millis | null;
  /** The result the visitor was told, or why the rating was mistaken. */
  outcome: string | null;
  /** An open case past either deadline. */
  overdue: boolean;
  followUps: ComplaintFollowUp[];
  /** Call-back due (回访核实). */
  callbackDueAt: Millis;
  /** The first call-back: who called, when the visitor was reached, what they said. */
  callback: { by: string; at: Millis; visitorSaid: string } | null;
  /** The last rectification: what was changed, by whom, when it was entered. */
  rectification: { by: string; at: Millis; what: string } | null;
  closedAs: CaseClosure | null;
  /** The call-back against its deadline. */
  callbackState: CaseDeadlineState;
  /** Rectification and feedback (the case closed) against `deadlineAt`. */
  rectifyState: CaseDeadlineState;
}

export interface ListComplaintsResult {
  complaints: ComplaintView[];
}

export interface ComplaintResult {
  complaint: ComplaintView;
}

// ---- configuration ---------------------------------------------------------------------------

const configShape = HallConfigSchema.shape;

/** One change of the hall's configuration: an item put (added or replaced by id) or the policy. */
export type ConfigChange =
  | { kind: 'department'; department: Department }
  | { kind: 'service'; service: Service }
  | { kind: 'window'; window: HallWindow }
  | { kind: 'policy'; policy: CallPolicy }
  | { kind: 'staff'; staff: Staff }
  | { kind: 'notice'; notice: { zh: string; en: string } }
  | { kind: 'calendar'; holidays: BusinessDay[]; extraWorkdays: BusinessDay[] }
  | { kind: 'hall'; name: { zh: string; en: string }; languages: string[]; timezone: string }
  /** A combined visit (一件事一次办) put by its id; `combined_visit_remove` takes one away. */
  | { kind: 'combined_visit'; visit: CombinedVisit }
  | { kind: 'combined_visit_remove'; visitId: string }
  /** The hall's rating tags (评价标签), all of them: the list replaces the one before. */
  | { kind: 'rating_tags'; tags: RatingTag[] }
  /** The resident ID card at the kiosk: tickets per person, and a visitor without a card. */
  | { kind: 'id_card'; idLimit: IdLimit; withoutIdCard: WithoutIdCard }
  /** 叫号提醒's settings, all of them (no secret: those are the hub's environment's). */
  | { kind: 'notify'; notify: NotifySettings }
  /** Online booking's slots and capacity per service, all of it; null: no online booking. */
  | { kind: 'booking'; booking: HallBooking | null }
  /** 远程取号's settings, all of them. */
  | { kind: 'remote'; remote: HallRemote };

export interface ChangeConfigMessage extends CommandBase {
  change: ConfigChange;
}

export const ChangeConfigSchema = z.strictObject({
  commandId,
  change: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('department'),
      department: configShape.departments.element,
    }),
    z.strictObject({ kind: z.literal('service'), service: configShape.services.element }),
    z.strictObject({ kind: z.literal('window'), window: configShape.windows.element }),
    z.strictObject({ kind: z.literal('policy'), policy: configShape.hall.shape.policy.unwrap() }),
    z.strictObject({ kind: z.literal('staff'), staff: configShape.staff.element }),
    z.strictObject({
      kind: z.literal('notice'),
      notice: z.strictObject({ zh: textSchema(200), en: textSchema(200) }),
    }),
    // The dates are checked with the whole configuration, so errors name `hall.holidays.N`.
    z.strictObject({
      kind: z.literal('calendar'),
      holidays: z.array(z.string().max(10)).max(366),
      extraWorkdays: z.array(z.string().max(10)).max(366),
    }),
    // Names, languages (the default first) and timezone are checked with the whole
    // configuration too, so errors name `hall.name.zh`, `hall.languages`, `hall.timezone`.
    z.strictObject({
      kind: z.literal('hall'),
      name: z.strictObject({ zh: z.string().max(200), en: z.string().max(200) }),
      languages: z.array(z.string().max(8)).max(4),
      timezone: z.string().max(64),
    }),
    z.strictObject({
      kind: z.literal('combined_visit'),
      visit: configShape.combinedVisits.unwrap().element,
    }),
    z.strictObject({ kind: z.literal('combined_visit_remove'), visitId: IdSchema }),
    z.strictObject({ kind: z.literal('rating_tags'), tags: configShape.ratingTags.unwrap() }),
    z.strictObject({
      kind: z.literal('id_card'),
      idLimit: z.enum(ID_LIMITS),
      withoutIdCard: z.enum(WITHOUT_ID_CARD),
    }),
    z.strictObject({ kind: z.literal('notify'), notify: configShape.notify.unwrap() }),
    // The services named are checked with the whole configuration (`hall.booking.capacity.x`).
    z.strictObject({ kind: z.literal('booking'), booking: HallBookingSchema.nullable() }),
    z.strictObject({ kind: z.literal('remote'), remote: HallRemoteSchema }),
  ]),
});

export interface ChangeConfigResult {
  config: HallConfig;
}

export interface SetStaffPinMessage extends CommandBase {
  staffCode: string;
  pin: string;
}

export const SetStaffPinSchema = z.strictObject({
  commandId,
  staffCode: StaffCodeSchema,
  pin: PinSchema,
});

export interface StaffPinResult {
  staffCode: string;
  role: StaffRole;
}

/** Lifts every login lock of a staff code (admins only), whatever address it was locked from. */
export interface UnlockStaffMessage extends CommandBase {
  staffCode: string;
}

export const UnlockStaffSchema = z.strictObject({ commandId, staffCode: StaffCodeSchema });

export interface UnlockStaffResult {
  staffCode: string;
  /** How many addresses the code was locked out from (0: it was not locked). */
  lockedAddresses: number;
}

// ---- audit -----------------------------------------------------------------------------------

export interface AuditMessage extends CommandBase {
  /** Times, inclusive. */
  from: Millis;
  to: Millis;
  ticketId: string | null;
  windowId: string | null;
  staffCode: string | null;
  /** An event type such as `ticket_called`, or null for all. */
  type: string | null;
  /** Events after this sequence number (paging oldest first); 0 from the start. */
  afterSeq: number;
  limit: number;
  /** `newest_first`: the latest events first (what a console shows on open). Absent: oldest first. */
  order?: AuditOrder | undefined;
  /** Events before this sequence number (paging newest first: the last `seq` seen); null: none. */
  beforeSeq?: number | null | undefined;
}

export type AuditOrder = 'oldest_first' | 'newest_first';

export const AUDIT_MAX_LIMIT = 500;

export const AuditSchema = z
  .strictObject({
    commandId,
    from: millis,
    to: millis,
    ticketId: TicketIdSchema.nullable(),
    windowId: IdSchema.nullable(),
    staffCode: StaffCodeSchema.nullable(),
    type: z
      .string()
      .regex(/^[a-z_]{1,40}$/, 'an event type such as ticket_called')
      .nullable(),
    afterSeq: millis,
    limit: z.int().min(1).max(AUDIT_MAX_LIMIT),
    order: z.enum(['oldest_first', 'newest_first']).optional(),
    beforeSeq: millis.nullable().optional(),
  })
  .refine((m) => m.from <= m.to, { message: REASONS.from_after_to, path: ['to'] });

/** Who did it, as the log keeps it. */
export type AuditActor =
  | { kind: 'device'; deviceId: string; deviceKind: DeviceKind }
  | { kind: 'staff'; staffCode: string; deviceId: string | null }
  | { kind: 'system' }
  | { kind: 'visitor'; ticketId: string };

export interface AuditEntry {
  event: SequencedEvent;
  actor: AuditActor;
  /**
   * A `config_changed` event's changes against the configuration before it (the previous
   * `config_changed` in the log); null when the log has no earlier one. Absent for other events.
   */
  configDiff?: ConfigDiff | null;
}

/** One change of a configuration: an item added or removed, or one of its fields changed. */
export interface ConfigFieldChange {
  /** `hall`, `departments`, `services`, `windows`, `staff` or `combinedVisits`. */
  section: string;
  /** The item's id (a clerk's code); null for the hall's own fields. */
  item: string | null;
  change: 'added' | 'removed' | 'changed';
  /** The field changed, e.g. `name.zh`; empty when an item is added or removed. */
  field: string;
  /** Short text of the value before and after (an item's name when added or removed). */
  from: string | null;
  to: string | null;
}

export interface ConfigDiff {
  changes: ConfigFieldChange[];
  /** How many more changes there were beyond those listed. */
  more: number;
}

export interface AuditResult {
  entries: AuditEntry[];
  /** True when more events match after the last one returned. */
  more: boolean;
}

// ---- the region's supervision instructions (督办) -----------------------------------------------

/** An instruction of the region to the hall (features/region-link), with the hall's answer. */
export interface RegionInstructionView {
  id: string;
  /** The complaint it is about, or null for the hall generally. */
  complaintId: string | null;
  text: string;
  deadline: Millis;
  issuedAt: Millis;
  /** The region's account that gave it. */
  issuedBy: string;
  receivedAt: Millis;
  answer: string | null;
  answeredAt: Millis | null;
  /** The staff code of the admin who answered. */
  answeredBy: string | null;
}

export interface ListInstructionsResult {
  /** Unanswered first (by deadline), then the answered ones, newest first. */
  instructions: RegionInstructionView[];
}

/** The answer to an instruction, sent up to the region; given once. */
export interface AnswerInstructionMessage extends CommandBase {
  instructionId: string;
  answer: string;
}

export const AnswerInstructionSchema = z.strictObject({
  commandId,
  instructionId: IdSchema,
  answer: textSchema(1000, 1),
});

export interface InstructionResult {
  instruction: RegionInstructionView;
}
