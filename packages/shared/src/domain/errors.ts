/** Why the engine refused a command. Each has a zh/en message in i18n. */
export type EngineErrorCode =
  | 'day_not_open'
  | 'day_already_open'
  | 'day_in_past'
  | 'service_unknown'
  | 'service_disabled'
  | 'service_closed_now'
  | 'quota_reached'
  | 'itinerary_invalid'
  | 'appointment_missing'
  | 'window_unknown'
  | 'window_closed'
  | 'window_paused'
  | 'window_not_closed'
  | 'window_busy'
  | 'window_idle'
  | 'staff_unknown'
  | 'staff_inactive'
  | 'staff_elsewhere'
  | 'queue_empty'
  | 'ticket_unknown'
  | 'ticket_not_waiting'
  | 'ticket_not_here'
  | 'ticket_wrong_status'
  | 'transfer_target_invalid'
  | 'transfer_window_closed'
  | 'transfer_window_not_serving'
  | 'park_time_invalid'
  | 'already_rated'
  | 'rating_not_allowed'
  | 'case_number_invalid'
  /** 帮办代办: no such call for help today, or it was served already. */
  | 'assist_unknown'
  /** 帮办代办: someone else answered this call already. */
  | 'assist_answered'
  /** 远程取号: the number is not a remote one of today. */
  | 'remote_unknown'
  /** 远程取号: a window may not call a remote number before it is confirmed at a kiosk. */
  | 'remote_unconfirmed'
  /** 远程取号: the number was confirmed already. */
  | 'remote_already_confirmed'
  /** 远程取号: the number expired (not confirmed in time, or the day closed). */
  | 'remote_expired';

export interface EngineError {
  code: EngineErrorCode;
  /** Detail for logs and the audit, in English; users see the i18n message of the code. */
  detail: string;
}
