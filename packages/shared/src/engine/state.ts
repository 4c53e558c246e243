import type {
  AssistRequest,
  BusinessDay,
  Complaint,
  HallConfig,
  Millis,
  Ticket,
  WindowState,
} from '../domain/types.js';

export type DayStatus = 'open' | 'closed';

export interface DayState {
  businessDay: BusinessDay;
  status: DayStatus;
  openedAt: Millis;
  closedAt: Millis | null;
}

/**
 * Everything the engine decides against: the hall's configuration and the current business
 * day. A large hall's day is a few thousand tickets, so it lives in memory.
 */
export interface HallState {
  config: HallConfig;
  day: DayState | null;
  /** Tickets of the current business day, by id. */
  tickets: Map<string, Ticket>;
  /** One per configured window, by window id. */
  windows: Map<string, WindowState>;
  /** The last sequence number issued today, by service id (A001 is 1). */
  sequences: Map<string, number>;
  /** Tickets issued today, in order: `Ticket.arrivalIndex` counts from 0. */
  issuedCount: number;
  /** Recent service durations (ms, newest last, at most `RECENT_SERVICE_SAMPLES`), by service id. */
  recentServiceMs: Map<string, number[]>;
  /** Complaints opened today, by id. */
  complaints: Map<string, Complaint>;
  /** 帮办代办: today's calls for help from the kiosks, by id. */
  assists: Map<string, AssistRequest>;
}

export const RECENT_SERVICE_SAMPLES = 20;
