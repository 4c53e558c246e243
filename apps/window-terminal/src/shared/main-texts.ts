/**
 * The words the window terminal's main process sends to LED screens. The hall's texts live in
 * one table (`TEXTS` in @onestop/shared); the installed terminal ships its main process without
 * that package, so these entries are an extract of it, and main-texts.test.ts holds every one
 * equal to the table's: change a word there, never here alone.
 */
export const LED_TEXTS = {
  'terminal.led.call': {
    zh: '请 {number} 号 到 {window} 号窗口',
    en: 'No. {number} to window {window}',
  },
  'terminal.led.paused': { zh: '暂停服务', en: 'Paused' },
  'terminal.led.closed': { zh: '暂停办理', en: 'Closed' },
} as const;

export type LedLang = 'zh' | 'en';
export type LedTextKey = keyof typeof LED_TEXTS;

/** The entry in `lang`, each `{name}` filled from `params` (as the shared `t` does). */
export function ledText(
  key: LedTextKey,
  lang: LedLang,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return LED_TEXTS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
