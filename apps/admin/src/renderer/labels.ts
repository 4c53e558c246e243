import {
  hallClock,
  ratingTagText,
  t,
  type HallConfig,
  type Lang,
  type ReportGrouping,
} from '@onestop/shared';

/**
 * The name of a report row's key in the page's language: a service, window, clerk, department,
 * hour or rating tag.
 */
export function keyLabel(config: HallConfig, by: ReportGrouping, key: string, lang: Lang): string {
  if (key === '(none)') {
    // By window or clerk: the tickets themselves (issued, cancelled, expired) and the complaints
    // entered by hand that name no window, which happened at no window.
    if (by === 'window' || by === 'staff') return t('admin.notAtWindow', lang);
    return t('admin.unknownRow', lang);
  }
  switch (by) {
    case 'service': {
      const s = config.services.find((x) => x.id === key);
      return s ? `${s.prefix} ${s.name[lang]}` : key;
    }
    case 'window': {
      const w = config.windows.find((x) => x.id === key);
      return w ? `${w.number} ${w.name[lang]}` : key;
    }
    case 'staff': {
      const s = config.staff.find((x) => x.code === key);
      return s ? `${s.name} (${s.code})` : key;
    }
    case 'department': {
      const d = config.departments.find((x) => x.id === key);
      return d ? d.name[lang] : key;
    }
    case 'hour':
      return `${key}:00–${key}:59`;
    case 'tag':
      return ratingTagText(key, config, lang);
  }
}

/** Minutes with one decimal, or empty. */
export function minutesOf(ms: number | null): string {
  return ms === null ? '' : (ms / 60_000).toFixed(1);
}

export function percentOf(rate: number | null): string {
  return rate === null ? '' : `${(rate * 100).toFixed(1)}%`;
}

/** `YYYY-MM-DD` of a time in a timezone. */
export function dayIn(at: number, timeZone: string): string {
  return hallClock(at, timeZone).day;
}

/** `YYYY-MM-DD HH:MM:SS` of a time in a timezone. */
export function timeIn(at: number, timeZone: string): string {
  const { day, hhmmss } = hallClock(at, timeZone);
  return `${day} ${hhmmss}`;
}
