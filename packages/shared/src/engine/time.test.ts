import { describe, expect, it } from 'vitest';
import type { HoursRule } from '../domain/types.js';
import { shanghai } from './test-fixture.js';
import { formatTicketNumber } from './ticket-number.js';
import { addWorkingDays, businessDayOf, isWithinHours, localClock } from './time.js';

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
