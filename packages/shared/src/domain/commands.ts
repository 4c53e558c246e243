import type {
  AssistCloseReason,
  RatingChannel,
  Appointment,
  BusinessDay,
  HallConfig,
  ItineraryStep,
  Millis,
  PauseReason,
  RatingScore,
  TicketClass,
  VisitorContact,
} from './types.js';

/**
 * A command asks the engine for a change. The engine answers with events or an error;
 * nothing changes until the events are applied.
 */
export type Command =
  | { type: 'open_day'; businessDay: BusinessDay }
  | { type: 'close_day' }
  | {
      type: 'issue_ticket';
      /** Steps of the visit; the first step's first service names the ticket's prefix. */
      itinerary: ItineraryStep[];
      class: TicketClass;
      appointment: Appointment | null;
      /** Made by the hub (random), so the engine stays deterministic. */
      accessToken: string;
      /**
       * Where the visitor wants the turn-near messages (叫号提醒); the engine ignores it, the
       * hub keeps it beside the ticket until the day closes, never in an event.
       */
      contact?: VisitorContact | undefined;
      /** 帮办代办: the kiosk's call for help this ticket is issued with; absent or null: none. */
      assistId?: string | null | undefined;
      /** 远程取号: taken from the phone (by the hub's link only); callable once confirmed. */
      remote?: boolean | undefined;
      /**
       * A ticket without an ID card let through by this staff member's code and PIN at the kiosk
       * (checked by the hub); the ticket names them. Absent: none.
       */
      allowedBy?: string | undefined;
    }
  /** 远程取号: the visitor confirmed the number at a kiosk (the hub found it by its code). */
  | { type: 'confirm_remote'; ticketId: string }
  /** A visitor at a kiosk calls the hall's staff for help (帮办代办). */
  | { type: 'request_assist'; kioskId: string; kioskName: string }
  /** A staff member answers a call for help: they go to the kiosk. */
  | { type: 'answer_assist'; requestId: string; staffCode: string }
  /** A staff member closes a call for help that ends with no ticket. */
  | { type: 'close_assist'; requestId: string; staffCode: string; reason: AssistCloseReason }
  | { type: 'open_window'; windowId: string; staffCode: string }
  | { type: 'pause_window'; windowId: string; reason: PauseReason }
  | { type: 'resume_window'; windowId: string }
  | { type: 'close_window'; windowId: string }
  | { type: 'call_next'; windowId: string }
  | { type: 'call_specific'; windowId: string; ticketId: string }
  | { type: 'recall'; windowId: string }
  | { type: 'start_serving'; windowId: string }
  | { type: 'finish'; windowId: string; caseNumber?: string | undefined }
  | { type: 'no_show'; windowId: string }
  | { type: 'put_back'; windowId: string }
  | {
      type: 'transfer';
      windowId: string;
      /** Exactly one of the two: another service's queue, or one window. */
      toServiceId: string | null;
      toWindowId: string | null;
      note: string;
    }
  | { type: 'park'; windowId: string; until: Millis | null; note: string }
  | { type: 'unpark'; ticketId: string }
  | { type: 'cancel'; ticketId: string; by: 'visitor' | 'staff' }
  | {
      type: 'rate';
      ticketId: string;
      score: RatingScore | null;
      reasons: string[];
      /** Where the visitor rated; absent: the window's rating pad. */
      channel?: RatingChannel | undefined;
      /** The visitor's own words (the phone's comment box); absent: none. */
      comment?: string | undefined;
    }
  /** Replaces the hall's configuration (validated by the hub before it gets here). */
  | { type: 'change_config'; config: HallConfig }
  /** Lets time-driven rules act (parked tickets whose time has come return to their queue). */
  | { type: 'tick' };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
