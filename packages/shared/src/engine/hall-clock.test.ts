import { describe, expect, it } from 'vitest';
import { hallClock, hallInstant, isValidTimezone, minuteOfDayOf } from './time.js';

const at = (iso: string): number => Date.parse(iso);

describe('hallClock', () => {
  it('turns the day at the hall’s midnight east of UTC (Shanghai, UTC+8)', () => {
    expect(hallClock(at('2025-03-02T15:59:59.999Z'), 'Asia/Shanghai')).toEqual({
      day: '2025-03-02',
      weekday: 7,
      hour: 23,
      minute: 59,
      second: 59,
      minuteOfDay: 1439,
      hhmm: '23:59',
      hhmmss: '23:59:59',
    });
    expect(hallClock(at('2025-03-02T16:00:00Z'), 'Asia/Shanghai')).toEqual({
      day: '2025-03-03',
      weekday: 1,
      hour: 0,
      minute: 0,
      second: 0,
      minuteOfDay: 0,
      hhmm: '00:00',
      hhmmss: '00:00:00',
    });
  });

  it('turns the day at the hall’s midnight west of UTC (New York, UTC-5 in winter)', () => {
    const before = hallClock(at('2025-03-03T04:59:30Z'), 'America/New_York');
    expect([before.day, before.hhmmss, before.minuteOfDay]).toEqual([
      '2025-03-02',
      '23:59:30',
      1439,
    ]);
    const after = hallClock(at('2025-03-03T05:00:00Z'), 'America/New_York');
    expect([after.day, after.hhmmss, after.weekday]).toEqual(['2025-03-03', '00:00:00', 1]);
  });

  it('keeps half-hour offsets and the year’s end (Kolkata, UTC+5:30)', () => {
    const before = hallClock(at('2025-12-31T18:29:00Z'), 'Asia/Kolkata');
    expect([before.day, before.hhmm]).toEqual(['2025-12-31', '23:59']);
    const after = hallClock(at('2025-12-31T18:30:00Z'), 'Asia/Kolkata');
    expect([after.day, after.hhmm]).toEqual(['2026-01-01', '00:00']);
  });

  it('reads UTC as UTC', () => {
    const c = hallClock(at('2024-02-29T09:05:07Z'), 'UTC');
    expect([c.day, c.hhmmss, c.minuteOfDay, c.weekday]).toEqual(['2024-02-29', '09:05:07', 545, 4]);
  });
});

describe('hallInstant', () => {
  it('is hallClock’s inverse, on both sides of UTC and across midnight', () => {
    for (const timezone of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'UTC']) {
      // Every 7 minutes over three days (a day change in every zone), whole minutes.
      const start = at('2025-03-01T00:00:00Z');
      for (let t = start; t < start + 3 * 86_400_000; t += 7 * 60_000) {
        const c = hallClock(t, timezone);
        expect(hallInstant(c.day, c.minuteOfDay, timezone)).toBe(t);
      }
    }
  });

  it('gives the instants of the hall’s midnights', () => {
    expect(hallInstant('2025-03-03', 0, 'Asia/Shanghai')).toBe(at('2025-03-02T16:00:00Z'));
    expect(hallInstant('2025-03-03', 0, 'America/New_York')).toBe(at('2025-03-03T05:00:00Z'));
    expect(hallInstant('2025-03-03', 8 * 60 + 30, 'Asia/Kolkata')).toBe(at('2025-03-03T03:00:00Z'));
  });

  it('follows a daylight-saving change: summer offset after it, a skipped time shows another', () => {
    // New York moves from UTC-5 to UTC-4 at 02:00 on 2025-03-09.
    expect(hallInstant('2025-03-09', 60, 'America/New_York')).toBe(at('2025-03-09T06:00:00Z'));
    expect(hallInstant('2025-03-09', 4 * 60, 'America/New_York')).toBe(at('2025-03-09T08:00:00Z'));
    const skipped = hallInstant('2025-03-09', 2 * 60 + 30, 'America/New_York');
    expect(hallClock(skipped, 'America/New_York').hhmm).toBe('01:30');
  });

  it('answers NaN for a day that is not YYYY-MM-DD, or a minute that is not a number', () => {
    expect(hallInstant('', 0, 'UTC')).toBeNaN();
    expect(hallInstant('2025-3-3', 0, 'UTC')).toBeNaN();
    expect(hallInstant('2025-03-03', Number.NaN, 'UTC')).toBeNaN();
  });
});

describe('minuteOfDayOf and isValidTimezone', () => {
  it('reads HH:MM and nothing else', () => {
    expect(minuteOfDayOf('00:00')).toBe(0);
    expect(minuteOfDayOf('08:30')).toBe(510);
    expect(minuteOfDayOf('24:00')).toBe(1440);
    expect(minuteOfDayOf('8:30')).toBeNaN();
    expect(minuteOfDayOf('')).toBeNaN();
  });

  it('knows IANA zones and refuses the rest', () => {
    expect(isValidTimezone('Asia/Shanghai')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });
});
