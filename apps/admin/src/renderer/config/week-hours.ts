import {
  listText,
  t,
  type HoursRule,
  type Lang,
  type TextKey,
  type Weekday,
} from '@onestop/shared';

/*
 * A service's hours as a week: for each day, Monday to Sunday, its periods (none: closed that
 * day). The hall keeps them as rules `{ days, open, close }`; a week is written back as one rule
 * per distinct period, on the days that have it, which the engine reads the same way (also on
 * an extra workday, where any Monday-to-Friday rule applies). Pure.
 */

export interface Period {
  open: string;
  close: string;
}

/** Seven days, Monday first; a day without periods is closed. */
export type Week = Period[][];

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

const byTime = (a: Period, b: Period) =>
  a.open === b.open ? (a.close < b.close ? -1 : 1) : a.open < b.open ? -1 : 1;

/** Each day's periods, in order of opening, each once. */
export function weekOf(rules: readonly HoursRule[]): Week {
  return WEEKDAYS.map((day) => {
    const periods: Period[] = [];
    for (const r of rules) {
      if (!r.days.includes(day)) continue;
      if (!periods.some((p) => p.open === r.open && p.close === r.close))
        periods.push({ open: r.open, close: r.close });
    }
    return periods.sort(byTime);
  });
}

/** The rules of a week: one per distinct period, with the days that have it, in day order. */
export function rulesOf(week: Week): HoursRule[] {
  const rules: HoursRule[] = [];
  week.forEach((periods, i) => {
    const day = WEEKDAYS[i];
    if (day === undefined) return;
    for (const p of periods) {
      const rule = rules.find((r) => r.open === p.open && r.close === p.close);
      if (rule === undefined) rules.push({ days: [day], open: p.open, close: p.close });
      else if (!rule.days.includes(day)) rule.days.push(day);
    }
  });
  return rules;
}

/** Whether two sets of rules open the same periods on the same days. */
export function sameHours(a: readonly HoursRule[], b: readonly HoursRule[]): boolean {
  return JSON.stringify(weekOf(a)) === JSON.stringify(weekOf(b));
}

/** The periods of the week (day index, period index) that rule `index` of `rulesOf(week)` is. */
export function periodsOfRule(week: Week, index: number): { day: number; period: number }[] {
  const rule = rulesOf(week)[index];
  if (rule === undefined) return [];
  return week.flatMap((periods, day) =>
    periods.flatMap((p, period) =>
      p.open === rule.open && p.close === rule.close ? [{ day, period }] : [],
    ),
  );
}

const DAY_KEYS = [
  'admin.dayMon',
  'admin.dayTue',
  'admin.dayWed',
  'admin.dayThu',
  'admin.dayFri',
  'admin.daySat',
  'admin.daySun',
] as const satisfies readonly TextKey[];

/** The short name of a weekday, Monday 0 to Sunday 6: 周一 / Mon. */
export function dayName(day: number, lang: Lang): string {
  const key = DAY_KEYS[day];
  return key === undefined ? '' : t(key, lang);
}

/** `周一至周五 09:00–12:00、14:00–17:00；周六 09:00–12:00`, or closed all week. */
export function hoursSummary(rules: readonly HoursRule[], lang: Lang): string {
  const week = weekOf(rules);
  const text = week.map((periods) =>
    listText(
      periods.map((p) => `${p.open}–${p.close}`),
      lang,
    ),
  );
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i <= 7; i++) {
    if (i < 7 && text[i] === text[start]) continue;
    const times = text[start] ?? '';
    if (times !== '') {
      const from = dayName(start, lang);
      const to = dayName(i - 1, lang);
      const days =
        i - 1 === start
          ? from
          : i - 1 === start + 1
            ? listText([from, to], lang)
            : t('admin.daysThrough', lang, { from, to });
      parts.push(`${days} ${times}`);
    }
    start = i;
  }
  if (parts.length === 0) return t('admin.closedAllWeek', lang);
  return parts.join(lang === 'zh' ? '；' : '; ');
}
