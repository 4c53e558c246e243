import type { Lang } from '../domain/types.js';
import type { ClientErrorCode, ErrorCode } from '../protocol/errors.js';
import type { RefusalIssue } from '../protocol/issues.js';
import { errorMessage, t } from './lookup.js';
import type { TextKey } from './texts/index.js';

/** A refusal as a screen has it: the hub's `ProtocolError`, or a client's own failure. */
export interface Refusal {
  code: ErrorCode | ClientErrorCode;
  message?: string;
  issues?: readonly RefusalIssue[];
}

/** One issue of a refusal in words, with the path of the field it names (empty: none). */
export interface WordedIssue {
  path: string;
  text: string;
}

/** The last named part of an issue's path, as the console labels that field. */
const FIELDS: Readonly<Record<string, TextKey>> = {
  prefix: 'admin.prefix',
  dailyQuota: 'admin.quota',
  hours: 'admin.hours',
  days: 'admin.hours',
  open: 'admin.hours',
  close: 'admin.hours',
  defaultMinutes: 'admin.defaultMinutes',
  enabled: 'admin.enabled',
  priorityRatio: 'admin.priorityRatio',
  maxWaitMinutes: 'admin.maxWaitMinutes',
  recallLimit: 'admin.recallLimit',
  appointmentGraceMinutes: 'admin.appointmentGrace',
  complaintDeadlineDays: 'admin.complaintDays',
  callbackDeadlineDays: 'admin.callbackDays',
  followUpDays: 'admin.followUpDays',
  departmentId: 'admin.department',
  number: 'admin.windowNumber',
  services: 'admin.windowServices',
  code: 'admin.staffCode',
  staffCode: 'admin.staffCode',
  ticketId: 'admin.ticket',
  windowId: 'admin.window',
  role: 'admin.role',
  active: 'admin.active',
  pin: 'admin.newPin',
  timezone: 'admin.timezone',
  holidays: 'admin.holidays',
  extraWorkdays: 'admin.extraWorkdays',
  notice: 'admin.notice',
  id: 'admin.itemId',
  from: 'admin.from',
  to: 'admin.to',
  contact: 'admin.contactPhone',
  summary: 'admin.complaintSummary',
  text: 'admin.followUpText',
  slotMinutes: 'admin.bookingSlotMinutes',
  daysAhead: 'admin.bookingDaysAhead',
  confirmWithinMinutes: 'admin.remoteConfirmMinutes',
  perPhonePerDay: 'admin.remotePerPhone',
  serviceIds: 'admin.remoteServices',
};

/** Issues that speak of the whole change, not of the field their path names. */
const WHOLE: ReadonlySet<RefusalIssue['code']> = new Set([
  'own_account',
  'id_limit_per_day',
  'id_limit_per_service',
]);

/** The field an issue's path names, in words; the path itself when no label is known. */
export function fieldText(path: string, lang: Lang): string {
  const names = path.split('.').filter((p) => !/^\d+$/.test(p));
  const last = names.at(-1) ?? path;
  const before = names.at(-2);
  if ((last === 'zh' || last === 'en') && before !== undefined) {
    if (before === 'name' && names.includes('hall'))
      return t(last === 'zh' ? 'admin.hallNameZh' : 'admin.hallNameEn', lang);
    if (before === 'name') return t(last === 'zh' ? 'admin.nameZh' : 'admin.nameEn', lang);
    const field = FIELDS[before];
    if (field !== undefined) return `${t(field, lang)} (${last})`;
  }
  if (last === 'name') return t('admin.name', lang);
  // Online booking's capacity is keyed by the service: `booking.capacity.tax`.
  if (before === 'capacity') return `${t('admin.bookingCapacity', lang)} (${last})`;
  const field = FIELDS[last];
  return field === undefined ? path : t(field, lang);
}

/** Each issue of a refusal in words, so that a form can show it at its field. */
export function refusalIssueTexts(refusal: Refusal, lang: Lang): WordedIssue[] {
  const issues = refusal.issues ?? [];
  if (issues.length === 0) return [{ path: '', text: errorMessage(refusal.code, lang) }];
  return issues.map((issue) => {
    const reason = t(`issue.${issue.code}`, lang, issue.params);
    if (issue.path === '' || WHOLE.has(issue.code)) return { path: issue.path, text: reason };
    const colon = lang === 'zh' ? '：' : ': ';
    return { path: issue.path, text: `${fieldText(issue.path, lang)}${colon}${reason}` };
  });
}

/** A refusal in words: each issue, or the code's message when it names none. */
export function refusalText(refusal: Refusal, lang: Lang): string {
  return refusalIssueTexts(refusal, lang)
    .map((issue) => issue.text)
    .join(lang === 'zh' ? '；' : '; ');
}
