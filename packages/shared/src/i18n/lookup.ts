import { isRatingReason, type Lang } from '../domain/types.js';
import type { ClientErrorCode, ErrorCode } from '../protocol/errors.js';
import { TEXTS, type TextKey } from './texts/index.js';

/** Chinese first: the hall's own language. */
export const DEFAULT_LANG: Lang = 'zh';

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * The one lookup of the hall's texts: the text of `key` in `lang`, with each `{name}` replaced
 * by `params.name` (unknown ones kept).
 */
export function t(key: TextKey, lang: Lang = DEFAULT_LANG, params?: MessageParams): string {
  const template = TEXTS[key][lang];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** What the display says and shows for a call: "请 A001 号到 3 号窗口办理". */
export function announcementText(number: string, windowNumber: number, lang: Lang): string {
  return t('announce.call', lang, { number, window: windowNumber });
}

/** The user's message for an error code (the hub's English `message` is for logs). */
export function errorMessage(code: ErrorCode | ClientErrorCode, lang: Lang = DEFAULT_LANG): string {
  return t(`error.${code}`, lang);
}

/** Items in a row as the language lists them: 企业开办、税务综合 / Business start-up, Tax services. */
export function listText(items: readonly string[], lang: Lang = DEFAULT_LANG): string {
  return items.join(t('list.separator', lang));
}

/** A stored rating reason in words: a code of `RATING_REASONS` worded, other text as it is. */
export function ratingReasonText(reason: string, lang: Lang = DEFAULT_LANG): string {
  return isRatingReason(reason) ? t(`rating_reason.${reason}`, lang) : reason;
}
