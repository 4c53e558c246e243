import type { IdLimit, WithoutIdCard } from '../idcard/person.js';
import type { PlatformUploadSettings } from '../protocol/platform-upload.js';
/**
 * The hall's entities and value types. Pure data: no behaviour, no I/O.
 * Every status, reason, role and kind is a string-literal union, handled by exhaustive switches.
 */

export type Lang = 'zh' | 'en';
export const LANGS = ['zh', 'en'] as const satisfies readonly Lang[];

/** A user-facing text in each language. Chinese is the default. */
export interface I18nText {
  zh: string;
  en: string;
}

/** Milliseconds since the Unix epoch. Time always comes into the engine as an argument. */
export type Millis = number;

/** A business day in the hall's timezone, `YYYY-MM-DD`. */
export type BusinessDay = string;

/** Local clock time in the hall's timezone, `HH:MM` (24 h). */
export type ClockTime = string;

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Opening hours: on these weekdays, from `open` (inclusive) to `close` (exclusive). */
export interface HoursRule {
  days: Weekday[];
  open: ClockTime;
  close: ClockTime;
}

/** The call policy: the same for every window of the hall. */
export interface CallPolicy {
  /** Green-channel tickets get one call after every `priorityRatio` other calls (0: always first). */
  priorityRatio: number;
  /** A ticket waiting longer than this many minutes is called first, oldest first (`aged`). */
  maxWaitMinutes: number;
  /** How many times a called ticket may be recalled; one more recall marks it no-show. */
  recallLimit: number;
  /** An appointment is due from `graceMinutes` before its slot until `graceMinutes` after it. */
  appointmentGraceMinutes: number;
  /**
   * Working days a complaint (opened by a poor rating or entered by hand) has for its
   * rectification and the feedback to the visitor (整改反馈): 15 by default, 5 in some provinces.
   */
  complaintDeadlineDays: number;
  /** Working days a complaint has for the call-back that checks it (回访核实): 1 by default. */
  callbackDeadlineDays: number;
  /**
   * Days after a rating in which the visitor may add its one follow-up (追评) from the ticket's
   * status page. Absent: 15 (`followUpDaysOf`).
   */
  followUpDays?: number | undefined;
}

export interface Hall {
  name: I18nText;
  /** IANA timezone of the hall, e.g. `Asia/Shanghai`. Business days are counted in it. */
  timezone: string;
  /** Languages announced and shown, in order. */
  languages: Lang[];
  policy: CallPolicy;
  /** A notice line for the display and the ticket. */
  notice: I18nText;
  /** Days the hall is closed whatever the services' hours say (public holidays). */
  holidays: BusinessDay[];
  /** Saturdays or Sundays worked as weekdays (调休): the services' weekday hours apply. */
  extraWorkdays: BusinessDay[];
  /**
   * Keep the words of complaints (rating reasons) in the hall: a region the hall is linked to
   * then gets the complaint without them. Absent: false, the words cross for supervision.
   */
  withholdComplaintTexts?: boolean | undefined;
  /**
   * Tickets per person, known by the resident ID card at the kiosk: one per service per day, one
   * per day, or no limit. Absent: `none`.
   */
  idLimit?: IdLimit | undefined;
  /** A visitor without a card at the kiosk gets a ticket, or is asked to see staff. Absent: `issue`. */
  withoutIdCard?: WithoutIdCard | undefined;
  /**
   * 阳光运行: the hall display shows each window's satisfaction this month and the clerk on duty,
   * and a line with the hall's figures. Absent: false.
   */
  sunshine?: boolean | undefined;
  /** Online booking from the public page (docs/VISITORS.md, "Booking online"). Absent: none. */
  booking?: HallBooking | undefined;
  /** 远程取号: numbers taken from the phone (docs/VISITORS.md, "Numbers from the phone"). Absent: off. */
  remote?: HallRemote | undefined;
  /**
   * The ticket's QR on any phone (docs/VISITORS.md): the region's (or relay's) public address and
   * the hall's id there. Absent: the QR points to the hub on the hall's network.
   */
  publicStatus?: { baseUrl: string; hallId: string } | undefined;
}

/** Numbers taken from the phone: they wait like any other, callable once confirmed at a kiosk. */
export interface HallRemote {
  enabled: boolean;
  /** Minutes an unconfirmed remote number may stay first in line before it expires. */
  confirmWithinMinutes: number;
  /** The services offered from the phone; a service not named is not. */
  serviceIds: string[];
  /** Remote numbers one phone may take per business day. */
  perPhonePerDay: number;
}

/** `hall.remote` when absent: off, 15 minutes, no service, one number per phone per day. */
export const DEFAULT_REMOTE: HallRemote = {
  enabled: false,
  confirmWithinMinutes: 15,
  serviceIds: [],
  perPhonePerDay: 1,
};

/** The slots a visitor may book online: per service, a number of visitors per slot. */
export interface HallBooking {
  /** Length of a slot in minutes; slots start at each opening of the service's hours. */
  slotMinutes: number;
  /** How many days ahead may be booked: 1 is tomorrow only (today is never booked online). */
  daysAhead: number;
  /** Visitors per slot, by service id; a service not named is not booked online. */
  capacity: Record<string, number>;
}

export interface Department {
  id: string;
  name: I18nText;
}

export interface Service {
  id: string;
  departmentId: string;
  /** Ticket number prefix, one or two capital letters, unique in the hall. */
  prefix: string;
  name: I18nText;
  /** Tickets that may be issued per business day; `null` for no limit. */
  dailyQuota: number | null;
  /** When tickets may be issued. An empty list means never. */
  hours: HoursRule[];
  /** Expected minutes per visitor, used until the day has real service times. */
  defaultMinutes: number;
  enabled: boolean;
  /** 事项编码: the matter's code in the province's catalogue; travels with the step's rating. */
  matterCode?: string | undefined;
  /**
   * The format of the case number (办件编号) a clerk may enter at finish: a regular expression
   * the whole number must match. Absent: any case number is taken.
   */
  caseNumberPattern?: string | undefined;
  /**
   * 办事指南: what a visitor brings and pays, shown at the kiosk before the ticket and printed
   * on it. Absent or null: none (the kiosk goes straight to the ticket).
   */
  guide?: ServiceGuide | null | undefined;
}

/** Whether `caseNumber` has the service's format (the whole of it). */
export function caseNumberFits(service: Service | undefined, caseNumber: string): boolean {
  const pattern = service?.caseNumberPattern;
  return pattern === undefined || new RegExp(`^(?:${pattern})$`, 'u').test(caseNumber);
}

/** The service guide (办事指南) of one service. */
export interface ServiceGuide {
  /** 所需材料: one short line each, in order; may be empty. */
  materials: I18nText[];
  /** 收费标准 in words ("免费", "工本费 20 元"), or null when the hall says nothing. */
  fee: I18nText | null;
}

/** At most this many materials per service: the ticket prints them as a short checklist. */
export const SERVICE_GUIDE_MATERIALS_MAX = 10;

/** A service a window serves, with its weight: higher weights form higher tiers, served first. */
export interface WindowService {
  serviceId: string;
  weight: number;
}

export interface HallWindow {
  id: string;
  /** The number shown and announced ("3 号窗口"). Unique in the hall. */
  number: number;
  name: I18nText;
  services: WindowService[];
}

export type StaffRole = 'clerk' | 'supervisor' | 'admin';
export const STAFF_ROLES = ['clerk', 'supervisor', 'admin'] as const satisfies readonly StaffRole[];

export interface Staff {
  code: string;
  name: string;
  role: StaffRole;
  active: boolean;
}

export type DeviceKind = 'kiosk' | 'window_terminal' | 'display' | 'rating_pad';
export const DEVICE_KINDS = [
  'kiosk',
  'window_terminal',
  'display',
  'rating_pad',
] as const satisfies readonly DeviceKind[];

/** The configuration of one hall: what the engine decides against. */
export interface HallConfig {
  hall: Hall;
  departments: Department[];
  services: Service[];
  windows: HallWindow[];
  staff: Staff[];
  /**
   * 一件事一次办: matters served under one number through several departments, each an
   * itinerary of steps. Absent in configurations from before they existed: read as none.
   */
  combinedVisits?: CombinedVisit[];
  /**
   * 评价标签: what a visitor may pick with a rating, per level. Absent in configurations from
   * before they existed: read as the default tags (`ratingTagsOf`).
   */
  ratingTags?: RatingTag[] | undefined;
  /**
   * 叫号提醒: messages to visitors who gave a phone number (see features/notify in the hub).
   * Absent in configurations from before they existed: read as off. Never holds a secret (the
   * gateways' keys are the hub's environment's, see docs/OPERATIONS.md).
   */
  notify?: NotifySettings | undefined;
  /**
   * 好差评 upload to the provincial platform (features/platform-upload in the hub). Absent: the
   * hall uploads nothing. Never holds a secret (the hall's key is the hub's environment's).
   */
  platformUpload?: PlatformUploadSettings | undefined;
}

/** An SMS gateway's HTTP API: a JSON POST with the hub's API key and a template per message. */
export interface SmsGatewaySettings {
  url: string;
  templateNear: string;
  templateCalled: string;
  /** The invitation to rate (邀请评价); absent: no invitation by SMS. */
  templateInvite?: string | undefined;
  /** The case alerts to the duty supervisors (差评工单提醒); needed by `caseAlerts`. */
  templateCaseAlert?: string | undefined;
}

/** A WeChat official account's template messages (模板消息). */
export interface WechatSettings {
  /** `https://api.weixin.qq.com` unless a hall goes through a proxy. */
  baseUrl: string;
  appId: string;
  templateNear: string;
  templateCalled: string;
  /** The invitation to rate (邀请评价); absent: no invitation by WeChat. */
  templateInvite?: string | undefined;
}

/** Where a visitor's messages go: a mainland mobile number, or a WeChat user (openid). */
export interface VisitorContact {
  phone: string | null;
  wechatOpenId: string | null;
}

/** The messages a visitor gets when their turn is near (叫号提醒), and how they are sent. */
export interface NotifySettings {
  /** The kiosk offers the phone step after a service is chosen. */
  kioskAsksPhone: boolean;
  /** A message when this many people (or fewer) are ahead; 0: none. */
  aheadDefault: number;
  /** The same, per service (overrides `aheadDefault`). */
  aheadByService: { serviceId: string; ahead: number }[];
  /** null: no SMS. */
  sms: SmsGatewaySettings | null;
  /** null: no WeChat messages. */
  wechat: WechatSettings | null;
  /** 邀请评价: one message inviting a visitor who left unrated to rate. Absent or null: none. */
  invite?: NotifyInvite | null | undefined;
  /**
   * Due-today and overdue poor-rating cases sent to the duty supervisors by SMS (with
   * `sms.templateCaseAlert`). Absent or null: none.
   */
  caseAlerts?: NotifyCaseAlerts | null | undefined;
}

/** 差评工单提醒: which case alerts go to the duty supervisors (docs/RATINGS.md). */
export interface NotifyCaseAlerts {
  /** The duty supervisors' mobile numbers (1 to 5). */
  phones: string[];
  /** A message on the business day a deadline falls due. */
  dueSoon: boolean;
  /** A message once a deadline has passed unmet. */
  overdue: boolean;
}

/** The invitation to rate a finished visit by the phone (docs/RATINGS.md, 邀请评价). */
export interface NotifyInvite {
  /** Minutes after the visit's last step finished (0 to 1440). */
  delayMinutes: number;
  /**
   * Where a visitor's phone reaches the status pages: the `/t/<token>` of the ticket is added.
   * The region's public address when it serves them, else the hall's own (the ticket's QR code).
   */
  statusBaseUrl: string;
}

/** A rating tag (评价标签): offered with a rating of one of `scores`, stored in `Rating.reasons` by its id. */
export interface RatingTag {
  id: string;
  name: I18nText;
  scores: RatingScore[];
}

/** One step of a combined visit: its services, served in any order (in parallel). */
export interface CombinedVisitStep {
  serviceIds: string[];
}

/** A matter that takes one number through several services, step after step (一件事一次办). */
export interface CombinedVisit {
  id: string;
  /** The department whose screen also offers it; null: offered on the home screen only. */
  departmentId: string | null;
  name: I18nText;
  /** A line saying what it is for, or null. */
  description: I18nText | null;
  /** 1 to 6 steps in order, 1 to 6 services each; no service twice. */
  steps: CombinedVisitStep[];
}

export type TicketStatus =
  'waiting' | 'called' | 'serving' | 'parked' | 'done' | 'no_show' | 'cancelled' | 'expired';
export const TICKET_STATUSES = [
  'waiting',
  'called',
  'serving',
  'parked',
  'done',
  'no_show',
  'cancelled',
  'expired',
] as const satisfies readonly TicketStatus[];

export type TicketClass = 'normal' | 'priority' | 'appointment';
export const TICKET_CLASSES = [
  'normal',
  'priority',
  'appointment',
] as const satisfies readonly TicketClass[];

/** Why a ticket was chosen by a call: recorded on every call, shown to the clerk, kept in the audit. */
export type CallReason =
  'specific' | 'appointment_due' | 'aged' | 'transfer_return' | 'priority_ratio' | 'tier' | 'fifo';
export const CALL_REASONS = [
  'specific',
  'appointment_due',
  'aged',
  'transfer_return',
  'priority_ratio',
  'tier',
  'fifo',
] as const satisfies readonly CallReason[];

/** One step of a visit: one service, or several that may be done in any order (parallel approval). */
export interface ItineraryStep {
  serviceIds: string[];
}

export interface Appointment {
  /** The booking's code, as the visitor enters it. */
  code: string;
  /** Start of the booked slot. */
  slotAt: Millis;
}

export interface TransferNote {
  at: Millis;
  fromWindowId: string;
  fromServiceId: string;
  toServiceId: string | null;
  toWindowId: string | null;
  note: string;
}

export type RatingScore = 1 | 2 | 3 | 4 | 5;
export const RATING_SCORES = [1, 2, 3, 4, 5] as const satisfies readonly RatingScore[];

/**
 * The reasons the rating pad offers for the two poor scores, stored in `Rating.reasons` as these
 * codes. A stored reason may also be other text (entered elsewhere, or by an older pad).
 */
export const RATING_REASONS = ['attitude', 'slow', 'unclear', 'wait', 'rules'] as const;
export type RatingReason = (typeof RATING_REASONS)[number];

export function isRatingReason(reason: string): reason is RatingReason {
  return (RATING_REASONS as readonly string[]).includes(reason);
}
/**
 * Where a visitor rated a service step: the window's rating pad, or the phone by the QR code of
 * the ticket (its status page). One rating per step, whichever channel comes first.
 */
export type RatingChannel = 'pad' | 'qr';
export const RATING_CHANNELS = ['pad', 'qr'] as const satisfies readonly RatingChannel[];

/** 5 非常满意 Very satisfied, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 Very dissatisfied. */
export interface Rating {
  score: RatingScore | null; // null: not rated within the timeout
  reasons: string[];
  at: Millis;
  windowId: string;
  staffCode: string | null;
  serviceId: string;
  /** Absent in ratings recorded before the QR channel: the pad (`ratingChannelOf`). */
  channel?: RatingChannel | undefined;
  /** When the rated step finished: which step of the ticket it is about. Absent before. */
  stepFinishedAt?: Millis | undefined;
  /** The visitor's comment (the phone's); absent: none. */
  comment?: string | undefined;
  /** The rated step's matter code (事项编码) and case number (办件编号), when it had them. */
  matterCode?: string | undefined;
  caseNumber?: string | undefined;
}

export const ratingChannelOf = (rating: Rating): RatingChannel => rating.channel ?? 'pad';

export interface Ticket {
  /** Unique in the hall's history: `${businessDay}/${number}`. */
  id: string;
  /** Prefix and zero-padded sequence: A001 ... A999, A1000. */
  number: string;
  businessDay: BusinessDay;
  /** The service the ticket was issued for (its first step's first service). */
  serviceId: string;
  class: TicketClass;
  appointment: Appointment | null;
  itinerary: ItineraryStep[];
  /** Index into `itinerary` of the current step. */
  stepIndex: number;
  /** Services of the current step already done. */
  doneServiceIds: string[];
  /** The services whose queues the ticket now waits in (empty unless waiting). */
  queueServiceIds: string[];
  /** Set when a transfer named a window: only that window may call the ticket. */
  targetWindowId: string | null;
  status: TicketStatus;
  issuedAt: Millis;
  /** Issue order within the business day, from 0: breaks ties between equal `queuedAt`. */
  arrivalIndex: number;
  /** The time that orders the ticket in its queue: the first arrival, kept across steps and transfers. */
  queuedAt: Millis;
  /** True when it came back by a transfer or an itinerary step (`transfer_return`). */
  returned: boolean;
  calledAt: Millis | null;
  startedAt: Millis | null;
  finishedAt: Millis | null;
  /** Window, clerk and service of the current or last call. */
  windowId: string | null;
  staffCode: string | null;
  currentServiceId: string | null;
  recallCount: number;
  callReason: CallReason | null;
  transfers: TransferNote[];
  parkedUntil: Millis | null;
  rating: Rating | null;
  /** The last finished step's matter code and case number (办件编号), when it had them. */
  lastCase?: { matterCode?: string | undefined; caseNumber?: string | undefined } | undefined;
  /** Unguessable token of the ticket's status page; made by the hub, never shown on a display. */
  accessToken: string;
  /**
   * 帮办代办: issued at a kiosk with a staff member's help, answering the request `requestId`;
   * `staffCode` is who answered it (null if the ticket came before anyone did). Absent: no help.
   */
  assist?: TicketAssist | null | undefined;
  /**
   * The staff member (code) who let this ticket without an ID card through at the kiosk with
   * their code and PIN (`hall.withoutIdCard: "askStaff"`). Absent: nobody had to.
   */
  allowedBy?: string | undefined;
  /** 远程取号: taken from the phone, confirmed at a kiosk or not yet. Absent: taken in the hall. */
  remote?: TicketRemote | undefined;
}

/**
 * 远程取号: a number taken from the phone. It waits in its queue from the moment it is issued,
 * but no window calls it until the visitor confirms it at a kiosk (`confirmedAt`). `headSince`:
 * when the hub's clock first found it unconfirmed and first in line (null before).
 */
export interface TicketRemote {
  confirmedAt: Millis | null;
  headSince: Millis | null;
}

/** Why a ticket expired before the day closed: a remote number not confirmed in time. */
export type ExpiryReason = 'remote_unconfirmed';
export const EXPIRY_REASONS = ['remote_unconfirmed'] as const satisfies readonly ExpiryReason[];

/** Why a call passed over a ticket ahead of the one it called: a remote number not confirmed. */
export type PassOverReason = 'remote_unconfirmed';
export const PASS_OVER_REASONS = [
  'remote_unconfirmed',
] as const satisfies readonly PassOverReason[];

/** A ticket ahead in the window's queues that a call passed over, and why. */
export interface PassedOver {
  ticketId: string;
  number: string;
  reason: PassOverReason;
}

export interface TicketAssist {
  requestId: string;
  staffCode: string | null;
}

/**
 * Where a call for help from a kiosk stands: `open` (nobody answered yet), `answered` (a staff
 * member is on the way), `served` (a ticket was issued with that help).
 */
export type AssistStatus = 'open' | 'answered' | 'served' | 'closed';
export const ASSIST_STATUSES = [
  'open',
  'answered',
  'served',
  'closed',
] as const satisfies readonly AssistStatus[];

/** Why staff closed a call for help without a ticket. */
export type AssistCloseReason = 'visitor_left' | 'helped_at_kiosk' | 'other';
export const ASSIST_CLOSE_REASONS = [
  'visitor_left',
  'helped_at_kiosk',
  'other',
] as const satisfies readonly AssistCloseReason[];

/** 帮办代办: a visitor at a kiosk called the hall's staff for help. */
export interface AssistRequest {
  /** `${businessDay}/H${n}`, n from 1 each day. */
  id: string;
  /** The kiosk's device id and its name, so the staff know where to go. */
  kioskId: string;
  kioskName: string;
  requestedAt: Millis;
  status: AssistStatus;
  /** Who answered it, and when; null while open. */
  staffCode: string | null;
  answeredAt: Millis | null;
  /** The ticket issued with that help; null until then. */
  ticketId: string | null;
  /** Closed by staff without a ticket: who, and why (absent on a call never closed). */
  closedBy?: string | null | undefined;
  closeReason?: AssistCloseReason | null | undefined;
}

export type WindowStatus = 'closed' | 'open' | 'paused';
export const WINDOW_STATUSES = [
  'closed',
  'open',
  'paused',
] as const satisfies readonly WindowStatus[];

export type PauseReason = 'break' | 'meeting' | 'system_problem' | 'other';
export const PAUSE_REASONS = [
  'break',
  'meeting',
  'system_problem',
  'other',
] as const satisfies readonly PauseReason[];

export interface WindowState {
  windowId: string;
  status: WindowStatus;
  staffCode: string | null;
  pauseReason: PauseReason | null;
  /** The ticket called or being served at this window. */
  currentTicketId: string | null;
  since: Millis | null;
  /** Calls since the last green-channel call, for the priority ratio. */
  callsSincePriority: number;
}

export type ComplaintStatus = 'open' | 'closed';

/**
 * One step of a complaint's follow-up (its case): `assign` names the staff in charge, `note`
 * records what was done, `callback` the call-back that checked it (回访核实: who called, when,
 * what the visitor said), `rectify` what was changed and by whom (整改), `close` ends it with
 * the result the visitor was told (反馈), `mistaken` ends it as a mistaken rating with the reason.
 */
export type ComplaintActionKind = 'assign' | 'note' | 'callback' | 'rectify' | 'close' | 'mistaken';
export const COMPLAINT_ACTION_KINDS = [
  'assign',
  'note',
  'callback',
  'rectify',
  'close',
  'mistaken',
] as const satisfies readonly ComplaintActionKind[];
export interface Complaint {
  id: string;
  ticketId: string;
  windowId: string;
  staffCode: string | null;
  serviceId: string;
  score: RatingScore;
  reasons: string[];
  openedAt: Millis;
  /** Rectification and feedback due (`complaintDeadlineDays` working days after `openedAt`). */
  deadlineAt: Millis;
  /**
   * Call-back due (`callbackDeadlineDays` working days after `openedAt`). Absent from a
   * complaint opened before the hub knew this deadline: 1 working day is read for it.
   */
  callbackDueAt?: Millis;
  status: ComplaintStatus;
}
