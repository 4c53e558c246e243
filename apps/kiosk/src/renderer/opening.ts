import {
  businessDayOf,
  hallClock,
  nextOpening,
  startOfNextDay,
  type HallState,
  type Lang,
  type Millis,
  type Service,
} from '@onestop/shared';
import { t } from '@onestop/shared';

/**
 * When the hall, or one service, opens next: from the services' hours and the hall's calendar
 * (holidays, 调休 workdays), read in the hall's timezone at the hall's time (the hub's clock).
 */

/** When `service` opens next at or after `from`; null when its hours never open. */
export function serviceOpening(state: HallState, service: Service, from: Millis): Millis | null {
  const { timezone } = state.config.hall;
  return nextOpening(service.hours, from, timezone, state.config.hall);
}

/** The first opening of any enabled service at or after `from`; null when none ever opens. */
export function hallOpening(state: HallState, from: Millis): Millis | null {
  let first: Millis | null = null;
  for (const service of state.config.services) {
    if (!service.enabled) continue;
    const at = serviceOpening(state, service, from);
    if (at !== null && (first === null || at < first)) first = at;
  }
  return first;
}

/** After the day's close: the next day's first opening (the hub opens the next day at midnight). */
export function nextDayOpening(state: HallState, now: Millis): Millis | null {
  return hallOpening(state, startOfNextDay(now, state.config.hall.timezone));
}

/** `today` / `tomorrow` / a date, and the time, in the hall's timezone and the page's language. */
export function whenText(at: Millis, now: Millis, timezone: string, lang: Lang): string {
  const time = hallClock(at, timezone).hhmm;
  const day = businessDayOf(at, timezone);
  if (day === businessDayOf(now, timezone)) return t('kiosk.whenToday', lang, { time });
  if (day === businessDayOf(startOfNextDay(now, timezone), timezone)) {
    return t('kiosk.whenTomorrow', lang, { time });
  }
  if (lang === 'en') {
    const date = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      month: 'short',
      day: 'numeric',
      weekday: 'short',
    }).format(at);
    return t('kiosk.whenDate', lang, { date, time });
  }
  // 11月30日（周一）: the parts, since browsers join them differently.
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: timezone,
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('month')}月${part('day')}日（${part('weekday')}）`;
  return t('kiosk.whenDate', lang, { date, time });
}
