import { createContext, useContext } from 'react';
import { t, type I18nText, type Lang, type MessageParams, type TextKey } from '@onestop/shared';

/** The console's keys of the hall's one table (`admin.<key>` in @onestop/shared's TEXTS). */
export type StringKey = TextKey extends infer K
  ? K extends `admin.${infer Key}`
    ? Key
    : never
  : never;

export const LangContext = createContext<Lang>('zh');

/** The console's text of `key` in `lang`: the shared table's `admin.<key>`. */
export function adminText(key: StringKey, lang: Lang, params?: MessageParams): string {
  return t(`admin.${key}`, lang, params);
}

/** The text of `key` (or of any `I18nText`) in the page's language, with `{name}`s filled. */
export function useT(): (text: StringKey | I18nText, params?: MessageParams) => string {
  const lang = useContext(LangContext);
  return (text, params) => (typeof text === 'string' ? adminText(text, lang, params) : text[lang]);
}
