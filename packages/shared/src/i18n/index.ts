import type { Lang } from '../domain/types.js';
import type { ClientErrorCode, ErrorCode } from '../protocol/errors.js';
import { DICTIONARIES, type MessageKey } from './messages.js';

export { DICTIONARIES, type Dictionary, type MessageKey } from './messages.js';

/** Chinese first: the hall's own language. */
export const DEFAULT_LANG: Lang = 'zh';

export type MessageParams = Readonly<Record<string, string | number>>;

/** The text of `key` in `lang`, with each `{name}` replaced by `params.name` (unknown ones kept). */
export function t(key: MessageKey, lang: Lang = DEFAULT_LANG, params?: MessageParams): string {
  const template = DICTIONARIES[lang][key];
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
