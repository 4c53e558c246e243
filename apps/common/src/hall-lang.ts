/*
 * The hall's default language (browser-only shared code, pure): `hall.languages` lists the
 * languages shown, the default first. Visitor and clerk screens start in it and come back to
 * it when the person in front of them changes; a one-touch switch picks the other for a while
 * (on visitor screens only when the hall offers it).
 */
import { DEFAULT_LANG, type HallState, type Lang } from '@onestop/shared';

/** The hall's default language; Chinese until the hall's configuration is known. */
export function hallLang(state: HallState | null): Lang {
  return state?.config.hall.languages[0] ?? DEFAULT_LANG;
}

/** The other language of the one-touch switch. */
export function otherLang(lang: Lang): Lang {
  return lang === 'zh' ? 'en' : 'zh';
}

/**
 * The languages a visitor screen offers, the default first: the hall's list (one or two), both
 * until the hall's configuration is known.
 */
export function hallLangs(state: HallState | null): readonly Lang[] {
  return state?.config.hall.languages ?? [DEFAULT_LANG, otherLang(DEFAULT_LANG)];
}
