import { describe, expect, it } from 'vitest';
import type { HallConfig, HoursRule, Weekday } from '../domain/types.js';
import { shanghai, testHall } from './test-fixture.js';
import { formatTicketNumber } from './ticket-number.js';
import {
  addWorkingDays,
  businessDayOf,
  isHoliday,
  isWithinHours,
  localClock,
  nextOpening,
  startOfNextDay,
  withCalendar,
} from './time.js';

const TZ = 'Asia/Shanghai';

describe('businessDayOf', () => {
  it('changes day at midnight in Shanghai, not at midnight UTC', () => {
    // 2025-03-03 00:00 in Shanghai is 2025-03-02 16:00 UTC.
    expect(businessDayOf(Date.UTC(2025, 2, 2, 15, 59, 59, 999), TZ)).toBe('2025-03-02');
    expect(businessDayOf(Date.UTC(2025, 2, 2, 16, 0, 0, 0), TZ)).toBe('2025-03-03');
    expect(businessDayOf(Date.UTC(2025, 2, 3, 15, 59), TZ)).toBe('2025-03-03');
    expect(businessDayOf(Date.UTC(2025, 2, 3, 16, 0), TZ)).toBe('2025-03-04');
  });

  it('crosses years and pads months and days', () => {
    expect(businessDayOf(Date.UTC(2024, 11, 31, 16, 0), TZ)).toBe('2025-01-01');
    expect(businessDayOf(Date.UTC(2024, 11, 31, 15, 0), TZ)).toBe('2024-12-31');
    expect(businessDayOf(Date.UTC(2025, 0, 5, 4, 0), 'UTC')).toBe('2025-01-05');
  });
});

describe('localClock', () => {
  it('gives the ISO weekday and HH:MM of the hall', () => {
    expect(localClock(shanghai('2025-03-03', '09:05'), TZ)).toEqual({ weekday: 1, hhmm: '09:05' });
    expect(localClock(shanghai('2025-03-09', '23:59'), TZ)).toEqual({ weekday: 7, hhmm: '23:59' });
    // Midnight is 00:00, never 24:00.
    expect(localClock(shanghai('2025-03-08', '00:00'), TZ)).toEqual({ weekday: 6, hhmm: '00:00' });
  });

  it('is the UTC clock shifted by eight hours', () => {
    expect(localClock(Date.UTC(2025, 2, 2, 16, 30), TZ)).toEqual({ weekday: 1, hhmm: '00:30' });
  });
});

describe('isWithinHours', () => {
  const hours: HoursRule[] = [
    { days: [1, 2, 3, 4, 5], open: '09:00', close: '12:00' },
    { days: [1, 2, 3, 4, 5], open: '13:30', close: '17:00' },
    { days: [6], open: '09:00', close: '24:00' },
  ];
  const at = (date: string, time: string) => isWithinHours(hours, shanghai(date, time), TZ);

  it('opens inclusive and closes exclusive', () => {
    expect(at('2025-03-03', '08:59')).toBe(false);
    expect(at('2025-03-03', '09:00')).toBe(true);
    expect(at('2025-03-03', '11:59')).toBe(true);
    expect(at('2025-03-03', '12:00')).toBe(false);
    expect(at('2025-03-03', '13:29')).toBe(false);
    expect(at('2025-03-03', '13:30')).toBe(true);
    expect(at('2025-03-03', '17:00')).toBe(false);
  });

  it('follows the weekdays, and 24:00 closes at midnight', () => {
    expect(at('2025-03-08', '23:59')).toBe(true); // Saturday
    expect(at('2025-03-09', '10:00')).toBe(false); // Sunday
    expect(at('2025-03-09', '00:00')).toBe(false);
  });

  it('never opens with no rules', () => {
    expect(isWithinHours([], shanghai('2025-03-03', '10:00'), TZ)).toBe(false);
  });
});

describe('the hall calendar', () => {
  // National Day 2025: closed Wed 10-01 to Fri 10-03; Sunday 09-28 worked as a weekday.
  const calendar = {
    holidays: ['2025-10-01', '2025-10-02', '2025-10-03'],
    extraWorkdays: ['2025-09-28'],
  };
  const weekdays = [{ days: [1, 2, 3, 4, 5] as Weekday[], open: '09:00', close: '17:00' }];

  it('closes every service on a holiday and opens weekday hours on an extra workday', () => {
    expect(isWithinHours(weekdays, shanghai('2025-10-01', '10:00'), TZ)).toBe(true);
    expect(isWithinHours(weekdays, shanghai('2025-10-01', '10:00'), TZ, calendar)).toBe(false);
    expect(isWithinHours(weekdays, shanghai('2025-09-28', '10:00'), TZ)).toBe(false);
    expect(isWithinHours(weekdays, shanghai('2025-09-28', '10:00'), TZ, calendar)).toBe(true);
    expect(isWithinHours(weekdays, shanghai('2025-09-28', '18:00'), TZ, calendar)).toBe(false);
    expect(isHoliday('2025-10-02', calendar)).toBe(true);
    expect(isHoliday('2025-10-06', calendar)).toBe(false);
  });

  it('skips holidays and counts extra workdays in working-day deadlines', () => {
    // Thu 09-25 + 3: Fri 09-26, Sun 09-28 (worked), Mon 09-29.
    expect(addWorkingDays(shanghai('2025-09-25', '10:00'), 3, TZ, calendar)).toBe(
      shanghai('2025-09-29', '10:00'),
    );
    // Tue 09-30 + 1 skips the holidays and the weekend: Mon 10-06.
    expect(addWorkingDays(shanghai('2025-09-30', '10:00'), 1, TZ, calendar)).toBe(
      shanghai('2025-10-06', '10:00'),
    );
    expect(addWorkingDays(shanghai('2025-09-30', '10:00'), 1, TZ)).toBe(
      shanghai('2025-10-01', '10:00'),
    );
  });

  it('gives an old configuration without a calendar empty lists', () => {
    const config = structuredClone(testHall()) as unknown as { hall: Record<string, unknown> };
    delete config.hall.holidays;
    delete config.hall.extraWorkdays;
    const filled = withCalendar(config as unknown as HallConfig);
    expect(filled.hall.holidays).toEqual([]);
    expect(filled.hall.extraWorkdays).toEqual([]);
  });
});

describe('addWorkingDays', () => {
  it('keeps the wall-clock time and skips the weekend', () => {
    // Friday 2025-03-07 23:30 + 1 working day = Monday 2025-03-10 23:30.
    expect(addWorkingDays(shanghai('2025-03-07', '23:30'), 1, TZ)).toBe(
      shanghai('2025-03-10', '23:30'),
    );
    // Wednesday + 5 = next Wednesday.
    expect(addWorkingDays(shanghai('2025-03-05', '10:15'), 5, TZ)).toBe(
      shanghai('2025-03-12', '10:15'),
    );
    // Saturday + 1 = Monday.
    expect(addWorkingDays(shanghai('2025-03-08', '10:00'), 1, TZ)).toBe(
      shanghai('2025-03-10', '10:00'),
    );
    // Monday + 10 = two weeks later.
    expect(addWorkingDays(shanghai('2025-03-03', '08:00'), 10, TZ)).toBe(
      shanghai('2025-03-17', '08:00'),
    );
  });

  it('keeps seconds and milliseconds, and zero days is now', () => {
    const now = shanghai('2025-03-04', '10:00') + 12_345;
    expect(addWorkingDays(now, 0, TZ)).toBe(now);
    expect(addWorkingDays(now, 1, TZ)).toBe(shanghai('2025-03-05', '10:00') + 12_345);
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    // New York moves to summer time on Sunday 2025-03-09: Friday 12:00 EST -> Monday 12:00 EDT.
    const fridayNoon = Date.UTC(2025, 2, 7, 17, 0);
    expect(addWorkingDays(fridayNoon, 1, 'America/New_York')).toBe(Date.UTC(2025, 2, 10, 16, 0));
  });
});

describe('formatTicketNumber', () => {
  it('pads to three digits and grows beyond', () => {
    expect(formatTicketNumber('A', 1)).toBe('A001');
    expect(formatTicketNumber('A', 42)).toBe('A042');
    expect(formatTicketNumber('A', 999)).toBe('A999');
    expect(formatTicketNumber('A', 1000)).toBe('A1000');
    expect(formatTicketNumber('BC', 7)).toBe('BC007');
  });
});

describe('local fields of repeated instants', () => {
  it('answers every instant for its own second and zone, asked in any order', () => {
    // 2025-03-14 23:59:59.999 and 2025-03-15 00:00:00.000 in Shanghai (UTC+8).
    const lastMs = Date.UTC(2025, 2, 14, 15, 59, 59, 999);
    const nextMs = lastMs + 1;
    for (let i = 0; i < 2; i++) {
      expect(businessDayOf(lastMs, TZ)).toBe('2025-03-14');
      expect(businessDayOf(lastMs - 998, TZ)).toBe('2025-03-14');
      expect(businessDayOf(nextMs, TZ)).toBe('2025-03-15');
      expect(businessDayOf(nextMs, 'UTC')).toBe('2025-03-14');
      expect(localClock(nextMs, TZ)).toEqual({ weekday: 6, hhmm: '00:00' });
      expect(localClock(nextMs, 'UTC')).toEqual({ weekday: 5, hhmm: '16:00' });
    }
    // Before 1970 (a negative instant) the second is still the whole second it falls in.
    expect(businessDayOf(Date.UTC(1969, 11, 31, 15, 59, 59, 500), TZ)).toBe('1969-12-31');
    expect(businessDayOf(Date.UTC(1969, 11, 31, 16, 0, 0, 0), TZ)).toBe('1970-01-01');
  });
});

describe('nextOpening', () => {
  const weekdays: HoursRule[] = [
    { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
    { days: [1, 2, 3, 4, 5], open: '14:00', close: '17:30' },
  ];
  // 2025-03-03 is a Monday; Shanghai is UTC+8.
  const at = (day: number, hh: number, mm: number) => Date.UTC(2025, 2, day, hh - 8, mm);

  it('is now while open, and the next rule of the day before or between them', () => {
    expect(nextOpening(weekdays, at(3, 9, 0), TZ)).toBe(at(3, 9, 0));
    expect(nextOpening(weekdays, at(3, 7, 15), TZ)).toBe(at(3, 8, 30));
    expect(nextOpening(weekdays, at(3, 12, 0), TZ)).toBe(at(3, 14, 0));
  });

  it('is the next working day after the close, skipping the weekend and holidays', () => {
    expect(nextOpening(weekdays, at(3, 18, 0), TZ)).toBe(at(4, 8, 30));
    // Friday evening: Monday.
    expect(nextOpening(weekdays, at(7, 18, 0), TZ)).toBe(at(10, 8, 30));
    const calendar = { holidays: ['2025-03-10'], extraWorkdays: ['2025-03-09'] };
    // Sunday the 9th is worked (调休) and Monday the 10th is a holiday.
    expect(nextOpening(weekdays, at(7, 18, 0), TZ, calendar)).toBe(at(9, 8, 30));
    expect(nextOpening(weekdays, at(9, 18, 0), TZ, calendar)).toBe(at(11, 8, 30));
  });

  it('is null for hours that never open', () => {
    expect(nextOpening([], at(3, 9, 0), TZ)).toBeNull();
  });

  it('starts the next day at local midnight', () => {
    expect(startOfNextDay(at(3, 23, 59), TZ)).toBe(at(4, 0, 0));
    expect(startOfNextDay(at(3, 0, 0), TZ)).toBe(at(4, 0, 0));
  });
});

describe('local fields by the hour (the zone offsets kept per hour)', () => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  /** The local date, time and weekday by Intl alone, as the test's own yardstick. */
  function byIntl(
    instant: number,
    timeZone: string,
  ): { day: string; weekday: Weekday; hhmm: string; offset: number } {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        weekday: 'short',
      });
      formats.set(timeZone, format);
    }
    const parts = format.formatToParts(instant);
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    const n = (type: string): number => Number(get(type));
    const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const second = instant - (((instant % 1000) + 1000) % 1000);
    return {
      day: `${get('year')}-${get('month')}-${get('day')}`,
      weekday: (weekdays.indexOf(get('weekday')) + 1) as Weekday,
      hhmm: `${get('hour')}:${get('minute')}`,
      offset:
        Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - second,
    };
  }

  function check(instant: number, zone: string): number {
    const expected = byIntl(instant, zone);
    const clock = localClock(instant, zone);
    const seen = { day: businessDayOf(instant, zone), weekday: clock.weekday, hhmm: clock.hhmm };
    const want = { day: expected.day, weekday: expected.weekday, hhmm: expected.hhmm };
    // One expect per disagreement only: a million passing expects would take the test's time.
    if (JSON.stringify(seen) !== JSON.stringify(want)) {
      expect({ zone, at: new Date(instant).toISOString(), ...seen }).toEqual({
        zone,
        at: new Date(instant).toISOString(),
        ...want,
      });
    }
    return expected.offset;
  }

  // Zones with daylight saving on whole hours, on half hours (Lord Howe), offsets of :30 and :45,
  // one south of the equator, and one that moved its offset by a whole day (Samoa, 2011).
  const zones = [
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'America/St_Johns',
    'Pacific/Apia',
  ];

  it('agrees with Intl through 2011 and 2025, every minute around each change of offset', () => {
    let changes = 0;
    for (const zone of zones) {
      for (const year of [2011, 2025]) {
        // Every 59 min 7 s (each minute of the hour in turn); where the offset moved since the
        // last look, every 61 s in between.
        const step = 3_547_000;
        let last = Date.UTC(year, 0, 1);
        let lastOffset = check(last, zone);
        for (let t = last + step; t < Date.UTC(year + 1, 0, 1); t += step) {
          const offset = check(t, zone);
          if (offset !== lastOffset) {
            changes += 1;
            for (let u = last; u < t; u += 61_000) check(u, zone);
          }
          last = t;
          lastOffset = offset;
        }
      }
    }
    // New York, London, Lord Howe, St John's: 2 a year each; Apia: 2011's day skipped and its
    // daylight saving.
    expect(changes).toBeGreaterThanOrEqual(16);
  });

  it('agrees with Intl at instants spread over sixty years', () => {
    let seed = 19;
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const instant =
        Date.UTC(1990, 0, 1) + Math.floor((seed / 2_147_483_648) * 60 * 365 * 86_400_000);
      for (const zone of zones) check(instant, zone);
    }
  });

  it('gives the seconds next to a change of offset their own side (New York, 2025-03-09 02:00)', () => {
    const change = Date.UTC(2025, 2, 9, 7, 0, 0); // 02:00 EST becomes 03:00 EDT
    expect(localClock(change - 1_000, 'America/New_York').hhmm).toBe('01:59');
    expect(localClock(change, 'America/New_York').hhmm).toBe('03:00');
    expect(localClock(change + 1_000, 'America/New_York').hhmm).toBe('03:00');
    expect(addWorkingDays(change - 60_000, 1, 'America/New_York')).toBe(
      Date.UTC(2025, 2, 10, 5, 59),
    );
  });
});
