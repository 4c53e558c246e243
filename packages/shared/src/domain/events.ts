import type {
  AssistCloseReason,
  AssistRequest,
  BusinessDay,
  CallReason,
  Complaint,
  ComplaintActionKind,
  DeviceKind,
  ExpiryReason,
  HallConfig,
  Millis,
  PassedOver,
  PauseReason,
  Rating,
  RatingScore,
  Ticket,
} from './types.js';

/**
 * Why a ticket went back to a queue without being served: a called ticket put back by its clerk
 * or by its window closing; or a ticket transferred to a window (waiting or parked) whose window
 * closed, so it waits in its service's queue again instead of for that window.
 */
export type RequeueReason = 'put_back' | 'window_closed' | 'target_window_closed';
/** Why a ticket became a no-show. */
export type NoShowReason = 'marked' | 'recall_limit';

/**
 * A fact of the hall. Events are appended to the log and folded into state by `apply`;
 * they are never changed or removed. Every event carries its time.
 */
export type EventBody =
  | { type: 'day_opened'; businessDay: BusinessDay }
  | { type: 'day_closed'; businessDay: BusinessDay; expiredTicketIds: string[] }
  | { type: 'ticket_issued'; ticket: Ticket }
  | {
      type: 'ticket_called';
      ticketId: string;
      windowId: string;
      staffCode: string;
      serviceId: string;
      reason: CallReason;
      /** Tickets ahead in the window's queues this call passed over, and why. Absent: none. */
      passedOver?: PassedOver[] | undefined;
    }
  | { type: 'ticket_recalled'; ticketId: string; windowId: string; recallCount: number }
  | { type: 'service_started'; ticketId: string; windowId: string; serviceId: string }
  | {
      type: 'service_finished';
      ticketId: string;
      windowId: string;
      serviceId: string;
      /** Where the ticket goes: done, or the services whose queues it now waits in. */
      nextQueueServiceIds: string[];
      nextStepIndex: number;
      done: boolean;
      /** The service's matter code (事项编码) and the case number the clerk entered (办件编号). */
      matterCode?: string | undefined;
      caseNumber?: string | undefined;
    }
  | { type: 'ticket_no_show'; ticketId: string; windowId: string; reason: NoShowReason }
  | { type: 'ticket_requeued'; ticketId: string; windowId: string; reason: RequeueReason }
  | {
      type: 'ticket_transferred';
      ticketId: string;
      windowId: string;
      fromServiceId: string;
      toServiceId: string | null;
      toWindowId: string | null;
      queueServiceIds: string[];
      note: string;
    }
  | {
      type: 'ticket_parked';
      ticketId: string;
      windowId: string;
      until: Millis | null;
      note: string;
    }
  | { type: 'ticket_unparked'; ticketId: string }
  | { type: 'ticket_cancelled'; ticketId: string; by: 'visitor' | 'staff' }
  /** 远程取号: a remote number was confirmed at a kiosk; windows may call it now. */
  | { type: 'remote_confirmed'; ticketId: string }
  /** 远程取号: an unconfirmed remote number is first in line; its minutes to confirm run from now. */
  | { type: 'remote_at_head'; ticketId: string }
  /** A waiting ticket expired before the day closed (a remote number not confirmed in time). */
  | { type: 'ticket_expired'; ticketId: string; reason: ExpiryReason }
  | { type: 'window_opened'; windowId: string; staffCode: string }
  | { type: 'window_paused'; windowId: string; reason: PauseReason }
  | { type: 'window_resumed'; windowId: string }
  | { type: 'window_closed'; windowId: string }
  | { type: 'rating_recorded'; ticketId: string; rating: Rating }
  /** 帮办代办: a kiosk called the hall's staff; a ticket issued with it marks it served. */
  | { type: 'assist_requested'; request: AssistRequest }
  | { type: 'assist_answered'; requestId: string; staffCode: string }
  | { type: 'assist_closed'; requestId: string; staffCode: string; reason: AssistCloseReason }
  | { type: 'complaint_opened'; complaint: Complaint }
  /** An admin changed the configuration: the whole new one, so every mirror applies it as is. */
  | { type: 'config_changed'; config: HallConfig }
  /*
   * Admin changes kept outside the queue (devices, PINs, complaints entered or followed up by
   * hand): recorded for the audit with the person, they change nothing `apply` folds. They carry
   * no contact, PIN, note or summary, and only admins receive them.
   */
  | {
      type: 'device_renamed';
      deviceId: string;
      kind: DeviceKind;
      windowId: string | null;
      name: string;
    }
  | { type: 'device_unpaired'; deviceId: string; kind: DeviceKind; windowId: string | null }
  /** A staff member's PIN was set anew: the code only, never the PIN or its hash. */
  | { type: 'staff_pin_reset'; staffCode: string }
  /**
   * An admin lifted the login locks of a staff code (`unlock_staff`): the code and how many
   * addresses were locked out, never the addresses.
   */
  | { type: 'staff_unlocked'; staffCode: string; lockedAddresses: number }
  /** A complaint entered by hand: what it is about, never the visitor's contact or words. */
  | {
      type: 'complaint_entered';
      complaint: {
        id: string;
        serviceId: string | null;
        windowId: string | null;
        staffCode: string | null;
        ticketId: string | null;
        /** Rectification due (the hall's deadline days); absent in events before it was logged. */
        deadlineAt?: Millis;
      };
    }
  | {
      type: 'complaint_followed_up';
      complaintId: string;
      action: ComplaintActionKind;
    }
  /** The region's supervision instruction (督办) reached the hall (kept once, by its id). */
  | {
      type: 'instruction_received';
      instructionId: string;
      complaintId: string | null;
      deadline: number;
    }
  /** An admin answered the region's instruction: the answer crosses the link to the region. */
  | { type: 'instruction_answered'; instructionId: string; answer: string; staffCode: string }
  /** An admin sent a record the provincial platform refused again (features/platform-upload). */
  | { type: 'platform_upload_resent'; recordId: number; ratingId: string; reason: string }
  /** A manager changed the book in the console: a booking added, cancelled or moved. */
  | {
      type: 'booking_changed';
      change: 'added' | 'cancelled' | 'moved';
      appointmentId: string;
      code: string;
      serviceId: string;
      slotAt: Millis;
      /** The slot it was moved from (a move), else null. */
      fromSlotAt: Millis | null;
    }
  /** An admin sent a failed message of the outbox (or a case alert) again. */
  | {
      type: 'outbox_resent';
      source: 'visitor' | 'case';
      messageId: number;
      reason: string;
    }
  /**
   * 追评: the visitor's one follow-up to the rating of a ticket, from its status page, within the
   * hall's `followUpDays` of the rating (the rated step's day may be an earlier one).
   */
  | {
      type: 'rating_followed_up';
      ticketId: string;
      businessDay: BusinessDay;
      serviceId: string;
      windowId: string;
      staffCode: string | null;
      /** The level the visitor gives now, or null: the rating's level stands. */
      score: RatingScore | null;
      text: string;
    };

/** The events that only record an admin change for the audit: `apply` leaves the state as is. */
export const AUDIT_ONLY_EVENT_TYPES = [
  'device_renamed',
  'device_unpaired',
  'staff_pin_reset',
  'complaint_entered',
  'complaint_followed_up',
  'staff_unlocked',
  'instruction_received',
  'instruction_answered',
  'platform_upload_resent',
  'rating_followed_up',
  'booking_changed',
  'outbox_resent',
] as const satisfies readonly EventBody['type'][];

export type AuditOnlyEvent = Extract<EventBody, { type: (typeof AUDIT_ONLY_EVENT_TYPES)[number] }>;

export type EventType = EventBody['type'];

/** An event as the engine emits it: its body and the time it happened. */
export type DomainEvent = EventBody & { at: Millis };

/** An event as the hub stores and sends it: with the hub's global sequence number. */
export type SequencedEvent = DomainEvent & { seq: number };
