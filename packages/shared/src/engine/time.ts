import type {
  BusinessDay,
  CallPolicy,
  ClockTime,
  Hall,
  HallConfig,
  HoursRule,
  Millis,
  Weekday,
} from '../domain/types.js';

/**
 * Calendar arithmetic in the hall's timezone, with Intl.DateTimeFormat only: no clock is read,
 * every instant comes in as an argument.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

const WEEKDAYS: Readonly<Record<string, Weekday>> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

// Building a DateTimeFormat is costly and the hall has one timezone: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23: midnight is 00, never 24.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// formatToParts is the costly part of every command's calendar checks (a ticket issued asks
// three times): the last answer is kept. Zone offsets change on whole seconds, so every instant
// of the same second has the same local fields.
let lastParts: { timeZone: string; second: number; parts: Readonly<LocalParts> } | null = null;

function localParts(now: Millis, timeZone: string): Readonly<LocalParts> {
  const second = Math.floor(now / 1000);
  if (lastParts?.second === second && lastParts.timeZone === timeZone) return lastParts.parts;
  const parts = computeLocalParts(now, timeZone);
  lastParts = { timeZone, second, parts };
  return parts;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Per zone, the offset of each whole UTC hour asked about, when the zone's offset is the same at
 * the hour's first and last second (NaN when it is not: a change of offset inside the hour).
 * The time zone database never changes an offset twice within an hour, so every instant of such
 * an hour has that offset, and its local fields are plain arithmetic: `formatToParts` (some
 * 30 µs) runs twice per hour instead of once per second (a year's report reads the deadlines of
 * tens of thousands of cases).
 */
const hourOffsets = new Map<string, Map<number, number>>();
/** Hours kept per zone before the map starts again (about a year of hours, some 200 KB). */
const MAX_HOURS_KEPT = 10_000;
/** Before 1900 Intl alone: `Date.UTC` reads the years 0–99 as 1900–1999. */
const FIRST_HOUR_KEPT = Date.UTC(1900, 0, 1) / HOUR_MS;

function computeLocalParts(now: Millis, timeZone: string): LocalParts {
  const hour = Math.floor(now / HOUR_MS);
  if (hour < FIRST_HOUR_KEPT) return formattedParts(now, timeZone);
  let hours = hourOffsets.get(timeZone);
  if (hours === undefined) {
    hours = new Map();
    hourOffsets.set(timeZone, hours);
  }
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const first = formattedOffset(start, timeZone);
    const last = formattedOffset(start + HOUR_MS - 1000, timeZone);
    offset = first === last ? first : Number.NaN;
    if (hours.size >= MAX_HOURS_KEPT) hours.clear();
    hours.set(hour, offset);
  }
  if (Number.isNaN(offset)) return formattedParts(now, timeZone);
  const wholeSecond = now - (((now % 1000) + 1000) % 1000);
  const local = new Date(wholeSecond + offset);
  const weekday = local.getUTCDay();
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: weekday === 0 ? 7 : (weekday as Weekday),
  };
}

/** The zone's offset at `instant` (a whole second) by `formatToParts` alone. */
function formattedOffset(instant: Millis, timeZone: string): number {
  return offsetOf(formattedParts(instant, timeZone), instant);
}

/** Local wall-clock fields read as if they were UTC, minus the whole second they show. */
function offsetOf(p: Readonly<LocalParts>, wholeSecond: Millis): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

function formattedParts(now: Millis, timeZone: string): LocalParts {
  const parts: LocalParts = {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    weekday: 1,
  };
  for (const part of formatterFor(timeZone).formatToParts(now)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        parts[part.type] = Number(part.value);
        break;
      case 'weekday':
        parts.weekday = WEEKDAYS[part.value] ?? 1;
        break;
      default:
        break;
    }
  }
  return parts;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** The business day (`YYYY-MM-DD`) that `now` falls in, in the hall's timezone. */
export function businessDayOf(now: Millis, timezone: string): BusinessDay {
  const p = localParts(now, timezone);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/** The ISO weekday and the `HH:MM` wall-clock time of `now` in the hall's timezone. */
export function localClock(now: Millis, timezone: string): { weekday: Weekday; hhmm: ClockTime } {
  const p = localParts(now, timezone);
  return { weekday: p.weekday, hhmm: `${pad(p.hour, 2)}:${pad(p.minute, 2)}` };
}

/** The hall's own calendar: closed days, and weekend days worked as weekdays (调休). */
export interface HallCalendar {
  holidays: readonly BusinessDay[];
  extraWorkdays: readonly BusinessDay[];
}

const NO_CALENDAR: HallCalendar = { holidays: [], extraWorkdays: [] };
const WORKING_WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

/**
 * A configuration stored or logged before the hall had a calendar, given empty lists, and before
 * the policy had a call-back deadline, given its default of 1 working day: old `config_changed`
 * events and stored configurations still load.
 */
export function withCalendar(config: HallConfig): HallConfig {
  const hall: Partial<Pick<Hall, 'holidays' | 'extraWorkdays'>> = config.hall;
  const policy: Partial<Pick<CallPolicy, 'callbackDeadlineDays'>> = config.hall.policy;
  return {
    ...config,
    hall: {
      ...config.hall,
      policy: {
        ...config.hall.policy,
        callbackDeadlineDays: policy.callbackDeadlineDays ?? DEFAULT_CALLBACK_DAYS,
      },
      holidays: hall.holidays ?? [],
      extraWorkdays: hall.extraWorkdays ?? [],
    },
  };
}

/** The call-back deadline (回访核实) of a policy that names none: 1 working day. */
export const DEFAULT_CALLBACK_DAYS = 1;

/** Whether the hall is closed all of `day` (`YYYY-MM-DD`): one of its holidays. */
export function isHoliday(day: BusinessDay, calendar: HallCalendar): boolean {
  return calendar.holidays.includes(day);
}

/**
 * Whether `now` is inside one of the rules: on one of its weekdays, from `open` (inclusive) to
 * `close` (exclusive). `HH:MM` strings compare like the times they name; `24:00` closes at
 * midnight. A rule never spans midnight (write two rules instead). On a holiday of the hall's
 * calendar nothing is open; on an extra workday a rule for any of Monday to Friday applies.
 */
export function isWithinHours(
  hours: readonly HoursRule[],
  now: Millis,
  timezone: string,
  calendar: HallCalendar = NO_CALENDAR,
): boolean {
  const day = businessDayOf(now, timezone);
  if (isHoliday(day, calendar)) return false;
  const { weekday, hhmm } = localClock(now, timezone);
  const extra = calendar.extraWorkdays.includes(day);
  return hours.some(
    (rule) =>
      (rule.days.includes(weekday) ||
        (extra && rule.days.some((d) => WORKING_WEEKDAYS.includes(d)))) &&
      rule.open <= hhmm &&
      hhmm < rule.close,
  );
}

/** Local wall-clock fields read as if they were UTC, minus the instant: the zone's offset. */
function offsetAt(instant: Millis, timezone: string): number {
  return offsetOf(localParts(instant, timezone), instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant at which the zone's wall clock shows `localMs` (wall-clock fields as UTC). */
function instantOfLocal(localMs: number, timezone: string): Millis {
  // Two passes settle the offset on the target side of a daylight-saving change.
  const guess = localMs - offsetAt(localMs, timezone);
  return localMs - offsetAt(guess, timezone);
}

/**
 * The same wall-clock time `days` working days after `now`: Monday to Friday except the
 * calendar's holidays, plus its extra workdays. Used for complaint deadlines.
 */
export function addWorkingDays(
  now: Millis,
  days: number,
  timezone: string,
  calendar: HallCalendar = NO_CALENDAR,
): Millis {
  const p = localParts(now, timezone);
  // Count calendar days on a UTC midnight, where every day is exactly DAY_MS long.
  let date = Date.UTC(p.year, p.month - 1, p.day);
  let left = days;
  while (left > 0) {
    date += DAY_MS;
    const weekday = new Date(date).getUTCDay(); // 0 = Sunday, 6 = Saturday
    const day = new Date(date).toISOString().slice(0, 10);
    const working = calendar.extraWorkdays.includes(day)
      ? true
      : weekday !== 0 && weekday !== 6 && !isHoliday(day, calendar);
    if (working) left -= 1;
  }
  const millis = ((now % 1000) + 1000) % 1000;
  const timeOfDay = ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + millis;
  return instantOfLocal(date + timeOfDay, timezone);
}

/** The hours rules' days that apply on `day` (its weekday, or Monday to Friday's on an extra workday). */
function rulesOn(
  hours: readonly HoursRule[],
  day: BusinessDay,
  weekday: Weekday,
  calendar: HallCalendar,
): readonly HoursRule[] {
  if (isHoliday(day, calendar)) return [];
  const extra = calendar.extraWorkdays.includes(day);
  return hours.filter(
    (rule) =>
      rule.days.includes(weekday) || (extra && rule.days.some((d) => WORKING_WEEKDAYS.includes(d))),
  );
}

/** How far ahead `nextOpening` looks: a year of holidays and a week. */
const LOOKAHEAD_DAYS = 366 + 7;

/**
 * When the hours next open at or after `from`: `from` itself when they are open then, else the
 * first `open` time of a rule on a later day or later today (the hall's calendar applied, as
 * `isWithinHours` does). Null when they never open (no rules, or none within a year).
 */
export function nextOpening(
  hours: readonly HoursRule[],
  from: Millis,
  timezone: string,
  calendar: HallCalendar = NO_CALENDAR,
): Millis | null {
  if (isWithinHours(hours, from, timezone, calendar)) return from;
  const p = localParts(from, timezone);
  const today = Date.UTC(p.year, p.month - 1, p.day);
  const nowHhmm = `${pad(p.hour, 2)}:${pad(p.minute, 2)}`;
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) {
    const date = today + i * DAY_MS;
    const day = new Date(date).toISOString().slice(0, 10);
    const utcDay = new Date(date).getUTCDay();
    const weekday = (utcDay === 0 ? 7 : utcDay) as Weekday;
    const opens = rulesOn(hours, day, weekday, calendar)
      .map((rule) => rule.open)
      // Today: only a later opening (a rule open now would have answered above).
      .filter((open) => i > 0 || open > nowHhmm)
      .sort();
    const first = opens[0];
    if (first === undefined) continue;
    const [hh = 0, mm = 0] = first.split(':').map(Number);
    return instantOfLocal(date + (hh * 60 + mm) * 60_000, timezone);
  }
  return null;
}

/** The first instant of the calendar day after the one `now` falls in, in the hall's timezone. */
export function startOfNextDay(now: Millis, timezone: string): Millis {
  const p = localParts(now, timezone);
  return instantOfLocal(Date.UTC(p.year, p.month - 1, p.day) + DAY_MS, timezone);
}

/** Whether `timezone` is an IANA time zone this runtime knows, such as `Asia/Shanghai`. */
export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** What the hall's wall clock shows at an instant (`hallClock`). */
export interface HallClockReading {
  /** The hall's date, `YYYY-MM-DD` (the business day). */
  day: BusinessDay;
  weekday: Weekday;
  hour: number;
  minute: number;
  second: number;
  /** Minutes since the hall's midnight, 0 to 1439. */
  minuteOfDay: number;
  /** `HH:MM`. */
  hhmm: ClockTime;
  /** `HH:MM:SS`. */
  hhmmss: string;
}

/**
 * The hall's wall clock at `at`, in its timezone: the one place every package and app reads the
 * hall's local date and time of day from an instant (never the machine's own timezone).
 */
export function hallClock(at: Millis, timezone: string): HallClockReading {
  const p = localParts(at, timezone);
  const hhmm = `${pad(p.hour, 2)}:${pad(p.minute, 2)}`;
  return {
    day: `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`,
    weekday: p.weekday,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
    minuteOfDay: p.hour * 60 + p.minute,
    hhmm,
    hhmmss: `${hhmm}:${pad(p.second, 2)}`,
  };
}

/**
 * The instant at which the hall's wall clock shows `minuteOfDay` minutes after midnight on `day`
 * (`YYYY-MM-DD`), in its timezone: `hallClock`'s inverse. A wall time that a daylight-saving
 * change skips has no instant: the answer shows another time (compare with `hallClock`). NaN
 * when `day` is not `YYYY-MM-DD` (as `Date.parse` answers a string that is not a date).
 */
export function hallInstant(day: string, minuteOfDay: number, timezone: string): Millis {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!d || !Number.isFinite(minuteOfDay)) return NaN;
  const midnight = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  return instantOfLocal(midnight + minuteOfDay * 60_000, timezone);
}

/** Minutes after midnight of an `HH:MM` time (`24:00` is 1440); NaN when it is not one. */
export function minuteOfDayOf(hhmm: string): number {
  const t = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return t ? Number(t[1]) * 60 + Number(t[2]) : NaN;
}
