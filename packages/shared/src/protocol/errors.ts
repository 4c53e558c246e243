import type { EngineErrorCode } from '../domain/errors.js';
import type { RefusalIssue } from './issues.js';

/** Every engine refusal, as a list (the union lives in domain/errors.ts; types.test.ts keeps them equal). */
export const ENGINE_ERROR_CODES = [
  'day_not_open',
  'day_already_open',
  'day_in_past',
  'service_unknown',
  'service_disabled',
  'service_closed_now',
  'quota_reached',
  'itinerary_invalid',
  'appointment_missing',
  'window_unknown',
  'window_closed',
  'window_paused',
  'window_not_closed',
  'window_busy',
  'window_idle',
  'staff_unknown',
  'staff_inactive',
  'staff_elsewhere',
  'queue_empty',
  'ticket_unknown',
  'ticket_not_waiting',
  'ticket_not_here',
  'ticket_wrong_status',
  'transfer_target_invalid',
  'transfer_window_closed',
  'transfer_window_not_serving',
  'park_time_invalid',
  'already_rated',
  'rating_not_allowed',
  'case_number_invalid',
  'assist_unknown',
  'assist_answered',
  'remote_unknown',
  'remote_unconfirmed',
  'remote_already_confirmed',
  'remote_expired',
] as const satisfies readonly EngineErrorCode[];

/** Refusals of the hub itself, before or around the engine. */
export type ProtocolErrorCode =
  | 'invalid_message'
  | 'message_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'protocol_mismatch'
  | 'not_logged_in'
  | 'login_failed'
  | 'locked_out'
  | 'session_expired'
  | 'session_ended'
  | 'session_pin_changed'
  | 'session_staff_disabled'
  | 'rate_limited'
  | 'replaced'
  | 'store_failed'
  | 'internal'
  | 'appointment_unknown'
  | 'appointment_phone_required'
  | 'appointment_phone_offer'
  | 'appointment_phone_mismatch'
  | 'appointment_checked_in'
  | 'appointment_cancelled'
  | 'appointment_too_early'
  | 'appointment_too_late'
  | 'appointment_code_taken'
  | 'appointment_locked'
  | 'id_limit_reached'
  | 'id_card_required'
  | 'remote_not_today'
  | 'store_busy'
  | 'store_lost';
export const PROTOCOL_ERROR_CODES = [
  'invalid_message',
  'message_too_large',
  'unauthorized',
  'forbidden',
  'protocol_mismatch',
  'not_logged_in',
  'login_failed',
  'locked_out',
  'session_expired',
  'session_ended',
  'session_pin_changed',
  'session_staff_disabled',
  'rate_limited',
  'replaced',
  'store_failed',
  'internal',
  'appointment_unknown',
  'appointment_phone_required',
  'appointment_phone_offer',
  'appointment_phone_mismatch',
  'appointment_checked_in',
  'appointment_cancelled',
  'appointment_too_early',
  'appointment_too_late',
  'appointment_code_taken',
  'appointment_locked',
  'id_limit_reached',
  'id_card_required',
  'remote_not_today',
  'store_busy',
  'store_lost',
] as const satisfies readonly ProtocolErrorCode[];

/** Every code the hub may answer with. */
export type ErrorCode = EngineErrorCode | ProtocolErrorCode;
export const ERROR_CODES: readonly ErrorCode[] = [...ENGINE_ERROR_CODES, ...PROTOCOL_ERROR_CODES];

/**
 * Failures the client makes up itself, never sent by the hub: no acknowledgement within the
 * budget, or the client was closed while the command waited.
 */
export type ClientErrorCode = 'timeout' | 'client_closed';
export const CLIENT_ERROR_CODES = [
  'timeout',
  'client_closed',
] as const satisfies readonly ClientErrorCode[];

export interface ProtocolError {
  code: ErrorCode;
  /** Detail in English for logs; users see the i18n message of the code. */
  message: string;
  /**
   * What was wrong, field by field, as data (an invalid message, a refused configuration
   * change); screens word these from the shared table. Absent when the code says it all.
   */
  issues?: RefusalIssue[];
}

/** The acknowledgement of every command. */
export type CommandAck<R> = { ok: true; result: R } | { ok: false; error: ProtocolError };

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODE_SET.has(value);
}
