import type { z } from 'zod';

/**
 * What is wrong with one field of a refused message, as data: the field's path, a code and the
 * code's values. The hub sends these with a refusal (`ProtocolError.issues`), and each screen
 * words them from the shared table (`issue.<code>` in i18n), never from the hub's English.
 */
export const ISSUE_CODES = [
  // zod's own checks; `limit` is the bound.
  'number_max',
  'number_below',
  'number_min',
  'number_above',
  'empty',
  'string_min',
  'string_max',
  'array_min',
  'array_max',
  'not_integer',
  'not_number',
  // The hall's own checks, written in the schemas (REASONS) or added with their values.
  'id_format',
  'ticket_id_format',
  'letters_digits',
  'digits_only',
  'prefix_format',
  'staff_code_format',
  'phone_format',
  'mobile_format',
  'digits',
  'time_format',
  'date_format',
  'real_date',
  'date_twice',
  'open_before_close',
  'from_after_to',
  'timezone_name',
  'complaint_summary_missing',
  'complaint_action_missing',
  // A complaint's case (好差评 closed loop): see features/complaints.
  'case_by_missing',
  'case_time_invalid',
  'case_closed',
  'case_callback_missing',
  'case_rectification_missing',
  'duplicate',
  'no_department',
  'no_service',
  'service_disabled',
  'service_twice',
  'no_combined_visit',
  'also_holiday',
  'not_weekend',
  'timezone_busy',
  'own_account',
  // The resident ID card at the kiosk (hall.idLimit).
  'id_number',
  'id_limit_per_day',
  'id_limit_per_service',
  // Without a card in an `askStaff` hall: the kiosk's call for help has no answer yet.
  'assist_not_answered',
  // The region's supervision instruction (督办) has its answer already.
  'already_answered',
  // An admin's resend of a record to the provincial platform that it did not refuse.
  'upload_not_refused',
  // The console's book (预约) and outbox (通知): a slot that cannot take the booking, a
  // booking no longer booked, a message that did not fail.
  'slot_full',
  'slot_closed',
  'slot_past',
  'booking_not_booked',
  'outbox_not_failed',
  // Anything else: the hub's English in `params.message`.
  'other',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export type IssueParams = Readonly<Record<string, string | number>>;

export interface RefusalIssue {
  /** `change.service.prefix`, `services.3.hours.1.close`; empty when no field is named. */
  path: string;
  code: IssueCode;
  params: IssueParams;
}

/**
 * The English of the hall's own reasons that carry no values: the schemas write these messages,
 * and an issue with one of them is read back as its code.
 */
export const REASONS = {
  id_format: 'letters, digits, "_" or "-" only',
  ticket_id_format: 'letters, digits, "_", "-" or "/" only',
  letters_digits: 'letters and digits only',
  digits_only: 'digits only',
  prefix_format: 'one or two capital letters',
  staff_code_format: '2 to 16 letters or digits',
  phone_format: 'a phone number: digits, spaces, "-" and a leading "+"',
  mobile_format: 'a mainland mobile number: 11 digits, 13 to 19 first',
  time_format: 'a time as HH:MM',
  date_format: 'a date as YYYY-MM-DD',
  real_date: 'a real date',
  date_twice: 'each date once',
  open_before_close: 'open must be before close',
  from_after_to: 'from must not be after to',
  timezone_name: 'an IANA timezone such as Asia/Shanghai',
  complaint_summary_missing: 'say what the visitor complains about',
  complaint_action_missing: 'say what was done (an assignee, a note or an outcome)',
  case_by_missing: 'say who called the visitor back or made the change',
  id_number: 'a citizen ID number: 17 digits and its check character',
} as const satisfies Partial<Record<IssueCode, string>>;

const BY_MESSAGE: ReadonlyMap<string, IssueCode> = new Map(
  Object.entries(REASONS).map(([code, message]) => [message, code as IssueCode]),
);
const ISSUE_CODE_SET: ReadonlySet<string> = new Set(ISSUE_CODES);

/** `params` for a custom zod issue that carries its code and values (`ctx.addIssue`). */
export function reasonParams(code: IssueCode, values: IssueParams = {}): Record<string, unknown> {
  return { ...values, reason: code };
}

/** Each zod issue as a refusal issue. */
export function refusalIssues(error: z.ZodError): RefusalIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    ...codeOf(issue),
  }));
}

function codeOf(issue: z.core.$ZodIssue): { code: IssueCode; params: IssueParams } {
  switch (issue.code) {
    case 'custom': {
      const { reason, ...values } = (issue.params ?? {}) as Record<string, unknown>;
      if (typeof reason === 'string' && ISSUE_CODE_SET.has(reason)) {
        return { code: reason as IssueCode, params: plain(values) };
      }
      break;
    }
    case 'too_big': {
      const limit = Number(issue.maximum);
      if (issue.origin === 'number' || issue.origin === 'int')
        return {
          code: issue.inclusive === false ? 'number_below' : 'number_max',
          params: { limit },
        };
      if (issue.origin === 'string') return { code: 'string_max', params: { limit } };
      if (issue.origin === 'array') return { code: 'array_max', params: { limit } };
      break;
    }
    case 'too_small': {
      const limit = Number(issue.minimum);
      if (issue.origin === 'number' || issue.origin === 'int')
        return {
          code: issue.inclusive === false ? 'number_above' : 'number_min',
          params: { limit },
        };
      if (issue.origin === 'string')
        return limit === 1
          ? { code: 'empty', params: {} }
          : { code: 'string_min', params: { limit } };
      if (issue.origin === 'array') return { code: 'array_min', params: { limit } };
      break;
    }
    case 'invalid_type':
      if (issue.expected === 'int') return { code: 'not_integer', params: {} };
      if (issue.expected === 'number') return { code: 'not_number', params: {} };
      break;
    default:
      break;
  }
  const own = BY_MESSAGE.get(issue.message);
  return own ? { code: own, params: {} } : { code: 'other', params: { message: issue.message } };
}

function plain(values: Record<string, unknown>): IssueParams {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = typeof value === 'number' ? value : String(value);
  }
  return out;
}
