import { describe, expect, it } from 'vitest';
import type { HoursRule } from '@onestop/shared';
import { hoursSummary, periodsOfRule, rulesOf, sameHours, weekOf } from './week-hours.js';

const weekdays: HoursRule[] = [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }];
const split: HoursRule[] = [
  { days: [1, 2, 3, 4, 5], open: '09:00', close: '12:00' },
  { days: [1, 2, 3, 4, 5], open: '13:30', close: '17:00' },
  { days: [6], open: '09:00', close: '12:00' },
];

describe('a service’s hours as a week', () => {
  it('reads each weekday’s periods, none on a closed day', () => {
    const week = weekOf(split);
    expect(week[0]).toEqual([
      { open: '09:00', close: '12:00' },
      { open: '13:30', close: '17:00' },
    ]);
    expect(week[5]).toEqual([{ open: '09:00', close: '12:00' }]);
    expect(week[6]).toEqual([]);
  });

  it('writes back the same rules it read, in their order', () => {
    expect(rulesOf(weekOf(weekdays))).toEqual(weekdays);
    expect(rulesOf(weekOf(split))).toEqual([
      { days: [1, 2, 3, 4, 5, 6], open: '09:00', close: '12:00' },
      { days: [1, 2, 3, 4, 5], open: '13:30', close: '17:00' },
    ]);
    expect(rulesOf(weekOf([]))).toEqual([]);
  });

  it('keeps what the rules mean, however they were written', () => {
    const scattered: HoursRule[] = [
      { days: [3, 1], open: '08:30', close: '12:00' },
      { days: [2], open: '08:30', close: '12:00' },
      { days: [1], open: '08:30', close: '12:00' },
      { days: [7], open: '10:00', close: '24:00' },
    ];
    const back = rulesOf(weekOf(scattered));
    expect(back).toEqual([
      { days: [1, 2, 3], open: '08:30', close: '12:00' },
      { days: [7], open: '10:00', close: '24:00' },
    ]);
    expect(sameHours(back, scattered)).toBe(true);
    expect(sameHours(weekdays, split)).toBe(false);
  });

  it('finds the periods a rule of the written week stands for', () => {
    const week = weekOf(split);
    // Rule 1 of rulesOf(week) is 13:30–17:00, Monday to Friday: the second period of each.
    expect(periodsOfRule(week, 1)).toEqual([0, 1, 2, 3, 4].map((day) => ({ day, period: 1 })));
    expect(periodsOfRule(week, 9)).toEqual([]);
  });

  it('sums a week up in words', () => {
    expect(hoursSummary(weekdays, 'zh')).toBe('周一至周五 09:00–17:00');
    expect(hoursSummary(split, 'zh')).toBe('周一至周五 09:00–12:00、13:30–17:00；周六 09:00–12:00');
    expect(hoursSummary(split, 'en')).toBe('Mon–Fri 09:00–12:00, 13:30–17:00; Sat 09:00–12:00');
    expect(hoursSummary([{ days: [6, 7], open: '09:00', close: '12:00' }], 'en')).toBe(
      'Sat, Sun 09:00–12:00',
    );
    expect(hoursSummary([], 'zh')).toBe('全周不开放');
  });
});
