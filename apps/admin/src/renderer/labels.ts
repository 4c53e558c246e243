import type { HallConfig, Lang, ReportGrouping } from '@onestop/shared';

/** The name of a report row's key in the page's language: a service, window, clerk, department or hour. */
export function keyLabel(config: HallConfig, by: ReportGrouping, key: string, lang: Lang): string {
  if (key === '(none)') {
    // By window or clerk: the tickets themselves (issued, cancelled, expired) and the complaints
    // entered by hand that name no window, which happened at no window.
    if (by === 'window' || by === 'staff')
      return lang === 'zh' ? '（不在窗口）' : '(not at a window)';
    return lang === 'zh' ? '（未知）' : '(unknown)';
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
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** `YYYY-MM-DD HH:MM:SS` of a time in a timezone. */
export function timeIn(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}
